import { describe, expect, it } from 'vitest';
import { HtcdsCase, HtcdsPersonIn } from '../../../contracts/exchange.js';
import { fieldKeys, htcdsFieldNames } from './htcds.sheet.js';
import { fromHtcdsPerson, stageOfImported, supportPlanTypeOf, toHtcdsCase, toHtcdsPerson, type ExportVictimInput } from './htcds.mapping.js';

const victim: ExportVictimInput = {
  casePersonId: '00000000-0000-4000-8000-000000000001', gender: 'Feminine', birthDate: null, nationality: 'MMR', languages: ['mya', 'tha'],
  traffickingStatus: 'ActualVictimOfTrafficking', identificationOrgType: 'Police', relationshipToTrafficker: 'Acquainted', ageWhenTrafficked: 16,
  recruitmentApps: ['Facebook'], recruitmentMethods: ['ThroughOnlineSocialNetworks'], meansOfControl: ['DebtBondage'],
  exploitationTypes: ['SexualExploitation'], industry: null, sexExploitationTypes: ['Prostitution'], exploitationApps: [], vulnerabilities: ['Poverty'],
  events: [{ type: 'Exploitation', eventDate: '2025-06-01', country: 'THA', provinceCode: '57' }],
  services: [
    { service: 'shelter', plannedEnd: '2026-01-31', actualEnd: null, status: 'in_progress' },
    { service: 'legal_assistance', plannedEnd: null, actualEnd: null, status: 'cancelled' },
  ],
};
const kase = { id: '00000000-0000-4000-8000-0000000000aa', caseNumber: '57-2569-00001', updatedAt: new Date('2026-01-02T03:04:05.678Z'), status: 'Active', closureReason: null, ownerUserId: null };

describe('HTCDS mapping', () => {
  it('names every field as the HTCDS sheet does and answers the contract', () => {
    const rec = toHtcdsCase(kase, [victim]);
    expect(HtcdsCase.parse(rec)).toEqual(rec);
    const known = htcdsFieldNames();
    expect(known.size).toBeGreaterThan(50);
    const keys = [...fieldKeys(rec)];
    expect(keys.filter((k) => !known.has(k))).toEqual([]);
    expect(rec.persons[0]).toMatchObject({
      prs_Gender: 'Feminine', prs_Citizenship: ['MMR'], prs_PrimaryLanguage: 'mya', prs_SecondaryLanguage: 'tha',
      vic_TraffickingStatus: 'ActualVictimOfTrafficking', vic_TraffickingStatusDecisionMakingOrg: 'Police', vic_TypeOfExploitation: ['SexualExploitation'],
      con_Consent: true, events: [{ hte_Type: 'Exploitation', hte_Date: '2025-06-01', hte_Country: 'THA', hte_State: '57' }],
      supportPlans: [{ spl_Type: 'SocialCare', spl_PlannedEndDate: '2026-01-31', spl_ActualEndDate: null }],
    });
    expect(rec.updatedAt).toBe('2026-01-02T03:04:05.678Z');
  });

  it('leaves identity out unless it is handed in', () => {
    const without = toHtcdsCase(kase, [victim]).persons[0]!;
    expect(Object.keys(without).filter((k) => /FirstName|SecondName|IdentityNumber|Phone|Mailing/.test(k))).toEqual([]);
    const withId = toHtcdsCase(kase, [{ ...victim, identity: { givenName: 'อ่อง', familyName: 'ซาน', identityNumber: 'MB1', phone: null, address: null } }]).persons[0]!;
    expect(withId).toMatchObject({ prs_FirstName: 'อ่อง', prs_SecondName: 'ซาน', prs_IdentityNumber: 'MB1' });
    expect([...fieldKeys(withId)].filter((k) => !htcdsFieldNames().has(k))).toEqual([]);
  });

  it('maps plan services onto spl_Type codes and unknown genders onto NonSpecifiedUnknown', () => {
    expect(supportPlanTypeOf('education')).toBe('Education');
    expect(supportPlanTypeOf('legal_assistance')).toBe('Legal');
    expect(toHtcdsCase(kase, [{ ...victim, gender: null }]).persons[0]!.prs_Gender).toBe('NonSpecifiedUnknown');
  });
});

describe('HTCDS import mapping', () => {
  const base = HtcdsPersonIn.parse({ id: 'p1', con_Consent: true });

  it('every plan service exports as a type that imports back to a service of the same type', () => {
    const exported = toHtcdsPerson(victim);
    const back = fromHtcdsPerson(HtcdsPersonIn.parse({ ...exported }), '');
    expect(back.warnings).toEqual([]);
    expect(back.services.map((s) => supportPlanTypeOf(s.service))).toEqual(exported.supportPlans.map((s) => s.spl_Type));
  });

  it('a Thai national ID is told from another document by its check digit', () => {
    expect(fromHtcdsPerson({ ...base, prs_IdentityNumber: '1101700230708' }, '').person).toMatchObject({ nationalId: '1101700230708' });
    const other = fromHtcdsPerson({ ...base, prs_IdentityNumber: '1101700230709' }, '').person;
    expect(other).toMatchObject({ documentType: 'other', documentNumber: '1101700230709' });
    expect(other.nationalId).toBeUndefined();
  });

  it('names which identity fields the record carried (absent keeps, null clears)', () => {
    expect(fromHtcdsPerson(base, '').identityKeys).toEqual([]);
    expect(fromHtcdsPerson({ ...base, prs_FirstName: null, prs_MobilePhone: '0812345678' }, '').identityKeys).toEqual(['givenName', 'phone']);
  });

  it('warns where a value is kept coarser: a second citizenship, a support type without its own service', () => {
    const p = fromHtcdsPerson({ ...base, prs_Citizenship: ['MMR', 'THA'], supportPlans: [{ spl_Type: 'RightsBasedTraining', spl_PlannedEndDate: null, spl_ActualEndDate: '2026-01-01' }] }, 'persons.0.');
    expect(p.warnings.map((w) => w.path)).toEqual(['persons.0.prs_Citizenship', 'persons.0.supportPlans.0.spl_Type']);
    expect(p.services).toEqual([{ service: 'legal_assistance', plannedEnd: null, actualEnd: '2026-01-01', status: 'delivered' }]);
  });

  it('the stage follows from what the record holds; a closed case remembers it', () => {
    const screened = fromHtcdsPerson(base, '');
    const identified = fromHtcdsPerson({ ...base, vic_TraffickingStatus: 'ActualVictimOfTrafficking' }, '');
    expect(stageOfImported('Active', [screened])).toEqual({ stage: 'screening', stageBeforeClose: null });
    expect(stageOfImported('Active', [screened, identified])).toEqual({ stage: 'identification', stageBeforeClose: null });
    expect(stageOfImported('FollowUp', [screened])).toEqual({ stage: 'reintegration', stageBeforeClose: null });
    expect(stageOfImported('Closed', [identified])).toEqual({ stage: 'closed', stageBeforeClose: 'identification' });
  });
});
