import { z } from 'zod';
import { ProvinceCode } from './common.js';

/** The seed's list of protection and network services. */
export const services = [
  'shelter', 'food', 'medical_care', 'psychological_rehabilitation', 'psychosocial_support', 'vocational_training',
  'education', 'recreation', 'legal_assistance', 'interpretation', 'repatriation', 'reintegration_support',
  'labour_inspection', 'investigation', 'prosecution', 'victim_identification',
] as const;
export const Service = z.enum(services);
export type Service = z.infer<typeof Service>;

/** The five measures ("5P") by which the network organises its work. */
export const measures = ['policy', 'prevention', 'protection', 'prosecution', 'partnership'] as const;
export const Measure = z.enum(measures);

export const serviceSexes = ['female', 'male', 'other'] as const;

/** HTCDS `org_Type` for each sector (HTCDS v2 picklist values). */
export const htcdsOrgType = {
  central_government: 'Government',
  local_government: 'Government',
  private_business: 'Private sector',
  ngo: 'NGO',
  community: 'Civil society',
  international_organisation: 'International organisation',
  foreign_government: 'Government',
} as const;

const noControl = (s: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s);
const text = (max: number) => z.string().trim().min(1).max(max).refine(noControl, 'control characters are not allowed');
const version = z.number().int().min(1).max(2_147_483_647);

export const OrganisationService = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  service: Service,
  acceptsSexes: z.array(z.enum(serviceSexes)),
  minAge: z.number().int().nullable(),
  maxAge: z.number().int().nullable(),
  nationalities: z.array(z.string()),
  acceptsDisability: z.boolean(),
  capacityTotal: z.number().int().nullable(),
  capacityFree: z.number().int().nullable(),
  capacityUpdatedAt: z.string().nullable(),
  hours: z.string().nullable(),
  available24h: z.boolean(),
  languages: z.array(z.string()),
  notes: z.string().nullable(),
  version: z.number().int(),
});
export type OrganisationService = z.infer<typeof OrganisationService>;

const serviceFields = {
  acceptsSexes: z.array(z.enum(serviceSexes)).max(3),
  minAge: z.number().int().min(0).max(120).nullable(),
  maxAge: z.number().int().min(0).max(120).nullable(),
  nationalities: z.array(z.string().regex(/^[A-Z]{3}$/, 'ISO 3166-1 alpha-3')).max(50),
  acceptsDisability: z.boolean(),
  capacityTotal: z.number().int().min(0).max(100_000).nullable(),
  capacityFree: z.number().int().min(0).max(100_000).nullable(),
  hours: text(200).nullable(),
  available24h: z.boolean(),
  languages: z.array(z.string().regex(/^[a-z]{2,3}$/, 'ISO 639 code')).max(30),
  notes: text(1000).nullable(),
};
const freeWithinTotal = (v: { capacityFree?: number | null; capacityTotal?: number | null }) =>
  v.capacityFree == null || v.capacityTotal == null || v.capacityFree <= v.capacityTotal;
const agesInOrder = (v: { minAge?: number | null; maxAge?: number | null }) => v.minAge == null || v.maxAge == null || v.minAge <= v.maxAge;

export const OrganisationServiceCreate = z.strictObject({ service: Service, ...serviceFields })
  .partial({ acceptsSexes: true, minAge: true, maxAge: true, nationalities: true, acceptsDisability: true, capacityTotal: true, capacityFree: true, hours: true, available24h: true, languages: true, notes: true })
  .refine(freeWithinTotal, { message: 'free places cannot exceed the total', path: ['capacityFree'] })
  .refine(agesInOrder, { message: 'minimum age is above maximum age', path: ['minAge'] });
export const OrganisationServiceUpdate = z.strictObject({ version, ...serviceFields }).partial().required({ version: true })
  .refine(freeWithinTotal, { message: 'free places cannot exceed the total', path: ['capacityFree'] })
  .refine(agesInOrder, { message: 'minimum age is above maximum age', path: ['minAge'] });

export const Contact = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  name: z.string(),
  role: z.string().nullable(),
  officePhone: z.string().nullable(),
  mobile: z.string().nullable(),
  lineId: z.string().nullable(),
  email: z.string().nullable(),
  urgent24h: z.boolean(),
  version: z.number().int(),
});
export type Contact = z.infer<typeof Contact>;
const phone = z.string().trim().regex(/^\+?[0-9 ()-]{3,20}$/, 'phone number: digits, spaces, + ( ) -');
const contactFields = {
  name: text(200),
  role: text(200).nullable(),
  officePhone: phone.nullable(),
  mobile: phone.nullable(),
  lineId: z.string().trim().regex(/^[A-Za-z0-9._@-]{1,50}$/, 'LINE ID: letters, digits, . _ - @').nullable(),
  email: z.email().max(254).nullable(),
  urgent24h: z.boolean(),
};
export const ContactCreate = z.strictObject(contactFields).partial().required({ name: true });
export const ContactUpdate = z.strictObject({ version, ...contactFields }).partial().required({ version: true });

export const Area = z.object({
  provinceCode: ProvinceCode,
  districtCode: z.string().regex(/^\d{4}$/).nullable(),
  subdistrictCode: z.string().regex(/^\d{6}$/).nullable(),
});
export const PartnerProfileUpdate = z.strictObject({
  version,
  measures: z.array(Measure).max(5).optional(),
  address: text(1000).nullable().optional(),
  latitude: z.number().min(5).max(21).nullable().optional(),
  longitude: z.number().min(97).max(106).nullable().optional(),
  areas: z.array(Area.partial({ districtCode: true, subdistrictCode: true })).max(200).optional(),
});

export const Partner = z.object({
  id: z.uuid(),
  nameTh: z.string(),
  nameEn: z.string(),
  sector: z.string(),
  htcdsOrgType: z.string(),
  level: z.string(),
  provinceCode: z.string().nullable(),
  parentId: z.uuid().nullable(),
  measures: z.array(Measure),
  address: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  areas: z.array(Area),
  services: z.array(OrganisationService),
  /** Whether the caller may change this entry (platform/access/scope.ts `canManagePartner`). */
  canEdit: z.boolean(),
  version: z.number().int(),
});
export type Partner = z.infer<typeof Partner>;

export const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
export const PartnerSearchQuery = z.object({
  q: z.string().trim().max(200).optional(),
  service: Service.optional(),
  province: ProvinceCode.optional(),
  district: z.string().regex(/^\d{4}$/).optional(),
  sex: z.enum(serviceSexes).optional(),
  age: z.coerce.number().int().min(0).max(120).optional(),
  nationality: z.string().regex(/^[A-Z]{3}$/).optional(),
  language: z.string().regex(/^[a-z]{2,3}$/).optional(),
  freeCapacity: bool.optional(),
  measure: Measure.optional(),
  /** false: leave out the urgent contacts (and their audited read), e.g. for a list of names. */
  withContacts: bool.default(true),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const ranks = ['same_district', 'same_province', 'neighbouring_province', 'national', 'elsewhere'] as const;
export const PartnerSearchResult = z.object({
  partner: Partner.omit({ areas: true, canEdit: true }),
  rank: z.enum(ranks),
  textScore: z.number(),
  /** The services that matched the filters. */
  matchingServices: z.array(OrganisationService),
  urgentContact: Contact.nullable(),
});
export const PartnerSearchResponse = z.object({ items: z.array(PartnerSearchResult) });

export const MapQuery = z.object({ service: Service.optional(), measure: Measure.optional() });
export const MapResponse = z.object({ items: z.array(z.object({ provinceCode: z.string(), partners: z.number() })) });

export const CoverageQuery = z.object({
  by: z.enum(['service', 'measure']).default('service'),
  sex: z.enum(serviceSexes).optional(),
  age: z.coerce.number().int().min(0).max(120).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});
export const CoverageResponse = z.object({
  columns: z.array(z.string()),
  rows: z.array(z.object({ provinceCode: z.string(), nameTh: z.string(), nameEn: z.string(), counts: z.array(z.number()) })),
  /** Province × column cells with no partner. */
  gaps: z.number(),
});

/** Import of partners or contacts: preview first (nothing written), then commit the same file. */
export const ImportRequest = z.strictObject({
  kind: z.enum(['partners', 'contacts']),
  format: z.enum(['csv', 'xlsx']),
  /** The file, base64-encoded (at most 5 MB decoded). */
  fileBase64: z.string().min(1).max(7_000_000),
});
export const ImportRowError = z.object({ row: z.number().int(), column: z.string(), message: z.string(), messageTh: z.string() });
export const ImportReport = z.object({
  kind: z.enum(['partners', 'contacts']),
  rows: z.number().int(),
  valid: z.number().int(),
  errorCount: z.number().int(),
  /** The first 1,000 errors; `errorCount` has them all. */
  errors: z.array(ImportRowError),
  /** What would be written, first 20 rows. */
  preview: z.array(z.record(z.string(), z.string())),
  created: z.number().int(),
  updated: z.number().int(),
  committed: z.boolean(),
});
export const importColumns = {
  partners: ['id', 'name_th', 'name_en', 'sector', 'level', 'province_code', 'measures', 'address', 'latitude', 'longitude'],
  contacts: ['organisation_id', 'organisation_name_th', 'name', 'role', 'office_phone', 'mobile', 'line_id', 'email', 'urgent_24h'],
} as const;
