import { z } from 'zod';

export const Area = z.object({ code: z.string(), nameTh: z.string(), nameEn: z.string() });
export type Area = z.infer<typeof Area>;
export const Subdistrict = Area.extend({ postalCode: z.string().nullable() });
export const Country = z.object({ alpha3: z.string(), alpha2: z.string(), nameTh: z.string(), nameEn: z.string() });
export type Country = z.infer<typeof Country>;
export const Language = z.object({ code: z.string(), alpha2: z.string().nullable(), nameTh: z.string(), nameEn: z.string() });
export type Language = z.infer<typeof Language>;
