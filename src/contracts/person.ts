import { z } from 'zod';
import { ProvinceCode, ThaiNationalId } from './common.js';

export const sexes = ['female', 'male', 'other', 'unknown'] as const;
export const Sex = z.enum(sexes);

/** A person without identity: what roles without `person.identity.read` see. */
export const PersonSummary = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  provinceCode: z.string().nullable(),
  sex: Sex,
  birthDate: z.string().nullable(),
  estimatedAge: z.number().int().nullable(),
  /** Derived from birth date or estimated age (Act s.4: under 18). */
  child: z.boolean().nullable(),
  nationality: z.string().nullable(),
  hasNationalId: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type PersonSummary = z.infer<typeof PersonSummary>;

export const PersonIdentity = z.object({
  givenName: z.string().nullable(),
  familyName: z.string().nullable(),
  nationalId: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
});
export type PersonIdentity = z.infer<typeof PersonIdentity>;

const text = (max: number) => z.string().trim().min(1).max(max);
export const PersonCreate = z.strictObject({
  givenName: text(200).optional(),
  familyName: text(200).optional(),
  nationalId: ThaiNationalId.optional(),
  phone: z.string().trim().regex(/^\+?[0-9 ()-]{6,20}$/, 'phone number: digits, spaces, + ( ) -').optional(),
  address: text(1000).optional(),
  sex: Sex.default('unknown'),
  birthDate: z.iso.date().refine((d) => d >= '1900-01-01' && d <= new Date().toISOString().slice(0, 10), 'a date between 1900 and today').optional(),
  estimatedAge: z.number().int().min(0).max(120).optional(),
  nationality: z.string().regex(/^[A-Z]{3}$/, 'ISO 3166-1 alpha-3').optional(),
  provinceCode: ProvinceCode.optional(),
});
export const PersonLookup = z.strictObject({ nationalId: ThaiNationalId });
