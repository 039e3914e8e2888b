import { z } from 'zod';
import { Permission, RoleName } from './access.js';
import { NewPassword, ProvinceCode } from './common.js';

export const sectors = [
  'central_government', 'local_government', 'private_business', 'ngo', 'community', 'international_organisation',
  'foreign_government',
] as const;
export const Sector = z.enum(sectors);
export const levels = ['international', 'national', 'province', 'district', 'subdistrict', 'village'] as const;
export const Level = z.enum(levels);

export const Organisation = z.object({
  id: z.uuid(),
  nameTh: z.string(),
  nameEn: z.string(),
  sector: Sector,
  level: Level,
  provinceCode: z.string().nullable(),
  parentId: z.uuid().nullable(),
  active: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Organisation = z.infer<typeof Organisation>;

const name = z.string().trim().min(1).max(300);
export const OrganisationCreate = z.strictObject({
  nameTh: name,
  nameEn: name,
  sector: Sector,
  level: Level,
  provinceCode: ProvinceCode.nullable().optional(),
  parentId: z.uuid().nullable().optional(),
});
export const OrganisationUpdate = z.strictObject({
  version: z.number().int().min(1),
  nameTh: name.optional(),
  nameEn: name.optional(),
  sector: Sector.optional(),
  level: Level.optional(),
  provinceCode: ProvinceCode.nullable().optional(),
  parentId: z.uuid().nullable().optional(),
  active: z.boolean().optional(),
});
export const OrganisationQuery = z.object({
  q: z.string().max(200).optional(),
  provinceCode: ProvinceCode.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});

export const Username = z.string().trim().min(3).max(64).regex(/^[a-zA-Z0-9._-]+$/, 'letters, digits, . _ - only');
export const User = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  roles: z.array(RoleName),
  active: z.boolean(),
  mfaEnabled: z.boolean(),
  mustChangePassword: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type User = z.infer<typeof User>;
export const UserCreate = z.strictObject({
  organisationId: z.uuid(),
  username: Username,
  displayName: z.string().trim().min(1).max(200),
  email: z.email().max(254).nullable().optional(),
  roles: z.array(RoleName).min(1).max(9),
  password: NewPassword,
});
export const UserUpdate = z.strictObject({
  version: z.number().int().min(1),
  displayName: z.string().trim().min(1).max(200).optional(),
  email: z.email().max(254).nullable().optional(),
  roles: z.array(RoleName).min(1).max(9).optional(),
  active: z.boolean().optional(),
});
export const PasswordReset = z.strictObject({ newPassword: NewPassword });
export const UserQuery = z.object({
  q: z.string().max(200).optional(),
  organisationId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});

export const RoleInfo = z.object({
  name: RoleName,
  labelTh: z.string(),
  labelEn: z.string(),
  scope: z.string(),
  requiresMfa: z.boolean(),
  permissions: z.array(Permission),
});

export const ApiToken = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  permissions: z.array(Permission),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export const ApiTokenCreate = z.strictObject({
  organisationId: z.uuid(),
  name: z.string().trim().min(1).max(200),
  permissions: z.array(Permission).min(1),
  expiresInDays: z.number().int().min(1).max(730).default(90),
});
/** The secret is in this response only; it is stored hashed. */
export const ApiTokenCreated = ApiToken.extend({ token: z.string() });
export const ApiTokenUse = z.object({
  at: z.string(), method: z.string(), route: z.string(), statusCode: z.number().nullable(), requestId: z.string(),
});

export const AuditEntry = z.object({
  seq: z.number().nullable(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  actorUsername: z.string().nullable(),
  actorTokenId: z.string().nullable(),
  actorOrganisationId: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  requestId: z.string().nullable(),
  outcome: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export const AuditQuery = z.object({
  userId: z.uuid().optional(),
  action: z.string().max(100).optional(),
  targetType: z.string().max(100).optional(),
  targetId: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
