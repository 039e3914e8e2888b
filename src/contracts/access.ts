import { z } from 'zod';

/**
 * Every permission Phakhi knows. A route names the one it needs; roles are bundles of these.
 * Identity (names, ID numbers, phone, address, photos) is its own permission: `*.identity.read`.
 */
export const permissions = [
  'reference.read',
  /** Extend reference lists kept as data (e.g. the screening checklist). */
  'reference.manage',
  'organisation.read',
  'organisation.manage',
  'user.read',
  'user.manage',
  'token.manage',
  'audit.read',
  'person.read',
  'person.write',
  'person.identity.read',
  'report.create',
  'report.read',
  'report.triage',
  'report.identity.read',
  'case.read',
  'case.write',
  'case.identity.read',
  'referral.accept',
  'referral.consent_override',
  'offender.read',
  'offender.write',
  'network.read',
  'network.manage',
  'partner.self.manage',
  'stats.read',
  'stats.export',
  'exchange.read',
  'exchange.write',
] as const;
export const Permission = z.enum(permissions);
export type Permission = z.infer<typeof Permission>;

/** How far a holder's records reach. A role's scope is the widest of what it grants. */
export const scopeLevels = ['organisation', 'team', 'province', 'national'] as const;
export const ScopeLevel = z.enum(scopeLevels);
export type ScopeLevel = z.infer<typeof ScopeLevel>;

export const roleNames = [
  'system_admin',
  'national_analyst',
  'provincial_officer',
  'mdt_member',
  'service_provider',
  'investigator',
  'prosecutor',
  'community_volunteer',
  'partner_system',
] as const;
export const RoleName = z.enum(roleNames);
export type RoleName = z.infer<typeof RoleName>;

export interface RoleDefinition {
  name: RoleName;
  labelTh: string;
  labelEn: string;
  scope: ScopeLevel;
  /** Administrators and national roles must enrol a second factor before they can work. */
  requiresMfa: boolean;
  /** National roles belong to national-level organisations; demo data creates them once. */
  national: boolean;
  permissions: readonly Permission[];
}

const casework: Permission[] = ['reference.read', 'organisation.read', 'network.read'];

/**
 * The spread of duties (issue 2): administrators manage the system but do not read victims;
 * analysts see national numbers without identities; casework roles see identities within scope.
 */
export const roles: Record<RoleName, RoleDefinition> = {
  system_admin: {
    name: 'system_admin', labelTh: 'ผู้ดูแลระบบ', labelEn: 'System administrator',
    scope: 'national', requiresMfa: true, national: true,
    permissions: ['reference.read', 'reference.manage', 'organisation.read', 'organisation.manage', 'user.read', 'user.manage',
      'token.manage', 'audit.read', 'network.read', 'network.manage'],
  },
  national_analyst: {
    name: 'national_analyst', labelTh: 'นักวิเคราะห์ระดับชาติ', labelEn: 'National analyst',
    scope: 'national', requiresMfa: true, national: true,
    permissions: [...casework, 'person.read', 'report.read', 'case.read', 'offender.read', 'stats.read', 'stats.export'],
  },
  provincial_officer: {
    name: 'provincial_officer', labelTh: 'เจ้าหน้าที่ศูนย์ปฏิบัติการจังหวัด', labelEn: 'Provincial centre officer',
    scope: 'province', requiresMfa: false, national: false,
    permissions: [...casework, 'user.read', 'person.read', 'person.write', 'person.identity.read', 'report.create',
      'report.read', 'report.triage', 'report.identity.read', 'network.manage', 'case.read', 'case.write', 'case.identity.read', 'referral.accept',
      'referral.consent_override', 'stats.read', 'exchange.read', 'exchange.write'],
  },
  mdt_member: {
    name: 'mdt_member', labelTh: 'ทีมสหวิชาชีพ', labelEn: 'Multidisciplinary team member',
    scope: 'team', requiresMfa: false, national: false,
    permissions: [...casework, 'person.read', 'person.write', 'person.identity.read', 'case.read', 'case.write',
      'case.identity.read'],
  },
  service_provider: {
    name: 'service_provider', labelTh: 'หน่วยให้บริการ (บ้านพักเด็กและครอบครัว / NGO)', labelEn: 'Service provider (shelter / NGO)',
    scope: 'organisation', requiresMfa: false, national: false,
    permissions: [...casework, 'person.read', 'person.write', 'person.identity.read', 'report.create', 'case.read',
      'case.identity.read', 'referral.accept', 'partner.self.manage'],
  },
  investigator: {
    name: 'investigator', labelTh: 'พนักงานสอบสวน (ตำรวจ / DSI)', labelEn: 'Investigator (police / DSI)',
    scope: 'province', requiresMfa: false, national: false,
    permissions: [...casework, 'person.read', 'person.identity.read', 'report.create', 'report.read', 'report.identity.read',
      'case.read', 'case.identity.read', 'offender.read', 'offender.write'],
  },
  prosecutor: {
    name: 'prosecutor', labelTh: 'พนักงานอัยการ', labelEn: 'Prosecutor',
    scope: 'team', requiresMfa: false, national: false,
    permissions: [...casework, 'person.read', 'person.identity.read', 'case.read', 'case.identity.read',
      'offender.read'],
  },
  community_volunteer: {
    name: 'community_volunteer', labelTh: 'อาสาสมัครพัฒนาสังคมและความมั่นคงของมนุษย์ (อพม.)', labelEn: 'Community volunteer',
    scope: 'organisation', requiresMfa: false, national: false,
    permissions: ['reference.read', 'network.read', 'report.create'],
  },
  partner_system: {
    name: 'partner_system', labelTh: 'ระบบของหน่วยงานภาคี', labelEn: 'Partner system',
    scope: 'organisation', requiresMfa: false, national: false,
    permissions: ['reference.read', 'stats.read', 'exchange.read'],
  },
};

/** Permissions a partner-system token may carry: no administration of users, tokens or the audit log. */
export const tokenPermissions: readonly Permission[] = permissions.filter(
  (p) => !['user.read', 'user.manage', 'token.manage', 'audit.read', 'organisation.manage', 'network.manage', 'partner.self.manage'].includes(p),
);

/**
 * Whether someone holding `held` may issue a token carrying `p`. Reading identities is casework's, not
 * administration's: an administrator (who cannot read a victim's name) must not hand that right to a token.
 */
export function canGrantToToken(p: Permission, held: ReadonlySet<string> | readonly string[]): boolean {
  const holds = Array.isArray(held) ? (held as readonly string[]).includes(p) : (held as ReadonlySet<string>).has(p);
  return tokenPermissions.includes(p) && (!p.endsWith('.identity.read') || holds);
}

export function permissionsOf(roleList: readonly RoleName[]): Permission[] {
  const set = new Set<Permission>();
  for (const r of roleList) for (const p of roles[r].permissions) set.add(p);
  return permissions.filter((p) => set.has(p));
}

export function scopeOf(roleList: readonly RoleName[]): ScopeLevel {
  let best = -1;
  for (const r of roleList) best = Math.max(best, scopeLevels.indexOf(roles[r].scope));
  return scopeLevels[Math.max(best, 0)]!;
}

export function requiresMfa(roleList: readonly RoleName[]): boolean {
  return roleList.some((r) => roles[r].requiresMfa);
}
