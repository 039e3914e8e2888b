import { z } from 'zod';

export const Uuid = z.uuid();
export const Page = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
export type Page = z.infer<typeof Page>;

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const IsoDateTime = z.string();
export const ProvinceCode = z.string().regex(/^\d{2}$/, 'province code is 2 digits');
export const Ok = z.object({ ok: z.literal(true) });

/**
 * Thai national ID (13 digits): the last digit is a check digit, (11 − Σ dᵢ·(14−i) mod 11) mod 10.
 */
export function isValidThaiNationalId(id: string): boolean {
  if (!/^\d{13}$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(id[i]) * (13 - i);
  return (11 - (sum % 11)) % 10 === Number(id[12]);
}

export const ThaiNationalId = z
  .string()
  .transform((s) => s.replace(/[\s-]/g, ''))
  .refine(isValidThaiNationalId, { message: 'invalid Thai national ID (13 digits with a valid check digit)' });

/** Passwords: at least 12 characters (NIST 800-63B); the common-password list is checked server-side. */
export const NewPassword = z.string().min(12, 'at least 12 characters').max(256);
