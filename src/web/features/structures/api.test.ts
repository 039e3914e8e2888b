import { describe, expect, it } from 'vitest';
import { permissionsOf, roles, scopeOf, type RoleName } from '../../../contracts/access.js';
import type { Me } from '../../api/types.js';
import { canManageStructure, changedOnly, creatableKinds, kindHasProvince, mayAddStructure, ownProvince } from './api.js';

/** A signed-in user with the demo roles' permissions and scope, in an organisation of `province`. */
function meAs(role: RoleName, province: string | null): Me {
  return {
    user: { id: '00000000-0000-4000-8000-000000000001', username: 'u', displayName: 'U', email: null, mfaEnabled: false, mustChangePassword: false },
    organisation: { id: '00000000-0000-4000-8000-000000000002', nameTh: 'ก', nameEn: 'A', provinceCode: province },
    roles: [role],
    permissions: permissionsOf([role]),
    scope: scopeOf([role]),
    mfaRequired: roles[role].requiresMfa,
    signInStage: 'complete',
    authenticatedBy: 'session',
  };
}

describe('who may add and change structures (the rule the server applies)', () => {
  const officer = meAs('provincial_officer', '57');
  const admin = meAs('system_admin', null);

  it('lets a provincial centre officer and a national manager add; not an investigator, an MDT member or a volunteer', () => {
    expect(mayAddStructure(officer)).toBe(true);
    expect(mayAddStructure(admin)).toBe(true);
    for (const role of ['investigator', 'mdt_member', 'community_volunteer', 'national_analyst'] as const) {
      expect(mayAddStructure(meAs(role, '57')), role).toBe(false);
    }
  });

  it('puts a provincial officer\'s new structures in their own province and lets them change only those', () => {
    expect(ownProvince(officer)).toBe('57');
    expect(ownProvince(admin)).toBeNull();
    expect(canManageStructure(officer, '57')).toBe(true);
    expect(canManageStructure(officer, '63')).toBe(false);
    expect(canManageStructure(officer, null)).toBe(false);
    expect(canManageStructure(admin, null)).toBe(true);
  });

  it('offers national-level committee kinds to national managers only', () => {
    expect(creatableKinds(admin)).toEqual(['national', 'coordinating', 'provincial', 'other']);
    expect(creatableKinds(officer)).toEqual(['provincial', 'other']);
    expect(creatableKinds(officer).every(kindHasProvince)).toBe(true);
    expect(kindHasProvince('national')).toBe(false);
    expect(kindHasProvince('coordinating')).toBe(false);
  });
});

describe('changedOnly', () => {
  it('keeps the fields the user changed, under the form field\'s name where it differs', () => {
    const dirty = new Set(['nameTh', 'area']);
    const body = { nameTh: 'ใหม่', nameEn: 'Old', districtCode: '5709', active: true };
    expect(changedOnly(body, (f) => dirty.has(f), { districtCode: 'area' })).toEqual({ nameTh: 'ใหม่', districtCode: '5709' });
    expect(changedOnly(body, () => false)).toEqual({});
  });
});
