import type { z } from 'zod';
import type { ApiToken, ApiTokenCreated, ApiTokenUse, AuditEntry, Organisation, RoleInfo, User } from '../../contracts/admin.js';
import type { LoginResponse, Me, MfaEnrolStart, SessionInfo } from '../../contracts/auth.js';
import type { PersonIdentity as PersonIdentitySchema, PersonSummary } from '../../contracts/person.js';

export type { Me, Organisation, User };
export type RoleInfoT = z.infer<typeof RoleInfo>;
export type ApiTokenT = z.infer<typeof ApiToken>;
export type ApiTokenCreatedT = z.infer<typeof ApiTokenCreated>;
export type ApiTokenUseT = z.infer<typeof ApiTokenUse>;
export type AuditEntryT = z.infer<typeof AuditEntry>;
export type LoginResponseT = z.infer<typeof LoginResponse>;
export type MfaEnrolStartT = z.infer<typeof MfaEnrolStart>;
export type SessionInfoT = z.infer<typeof SessionInfo>;

export interface ListPage<T> {
  items: T[];
  nextCursor: string | null;
}

export type { Area as Province, Country } from '../../contracts/reference.js';
export { sexes } from '../../contracts/person.js';
export type Sex = (typeof import('../../contracts/person.js').sexes)[number];
/** A person as listed: no identity fields (those come from `/persons/{id}/identity`, audited). */
export type Person = z.infer<typeof PersonSummary>;
export type PersonIdentity = z.infer<typeof PersonIdentitySchema>;
export interface PersonCreateBody {
  givenName?: string;
  familyName?: string;
  nationalId?: string;
  phone?: string;
  address?: string;
  sex: Sex;
  birthDate?: string;
  estimatedAge?: number;
  nationality?: string;
  provinceCode?: string;
}
