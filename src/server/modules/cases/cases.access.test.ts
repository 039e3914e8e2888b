import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, teamMemberships } from '../../db/schema/index.js';
import type { Actor } from '../../platform/access/actor.js';
import { tokenActor, userActor } from '../../platform/access/guard.js';
import { scopeShape } from '../../platform/access/scope.js';
import { createRng } from '../demo/names.js';
import { createTestContext, type TestContext } from '../../test/harness.js';
import { fullScope, loadCase } from './cases.access.js';
import { loadCaseView } from './cases.view.js';

/**
 * loadCase and loadCaseView run a prepared statement per scope shape (scopeShape), with the actor's ids
 * as values. A statement prepared for one actor must decide for every other actor of the same shape
 * exactly what the scope condition built for that actor decides: here actors of every shape, in a
 * random order, against cases of two provinces, their own organisations' and their teams'.
 */
describe('case scope through prepared statements', () => {
  let t: TestContext;
  let actors: { name: string; actor: Actor }[];
  let caseIds: string[];

  beforeAll(async () => {
    t = await createTestContext();
    const db = t.database.db;
    const chiangRai = await t.org({ provinceCode: '57' });
    const tak = await t.org({ provinceCode: '63' });
    const national = await t.org({ provinceCode: null, level: 'national' });
    const maeSai = await t.org({ provinceCode: '57' });
    const officer57 = await t.user(['provincial_officer'], { organisationId: chiangRai });
    const officer63 = await t.user(['provincial_officer'], { organisationId: tak });
    const caseIn = async (who: typeof officer57) =>
      (await t.as(await t.login(who), { method: 'POST', url: '/api/v1/cases', payload: {} })).json<{ id: string }>().id;
    // Each clause of the condition decides some pair alone: the Chiang Rai officer sees the Mae Sai case
    // by province only and the second Tak case by its team only; the Tak team member the first case by its team only.
    caseIds = [
      await caseIn(officer57),
      await caseIn(await t.user(['provincial_officer'], { organisationId: maeSai })),
      await caseIn(officer63),
      await caseIn(officer63),
    ];
    const mdt63 = await t.user(['mdt_member'], { organisationId: tak });
    await db.insert(teamMemberships).values([
      { recordType: 'case', recordId: caseIds[0]!, userId: mdt63.id },
      { recordType: 'case', recordId: caseIds[3]!, userId: officer57.id },
    ]);
    const user = (u: { id: string; organisationId: string }, roles: string[], provinceCode: string | null) =>
      userActor({ userId: u.id, organisationId: u.organisationId, provinceCode, roles, complete: true });
    actors = [
      { name: 'officer 57', actor: user(officer57, ['provincial_officer'], '57') },
      { name: 'officer 63', actor: user(officer63, ['provincial_officer'], '63') },
      { name: 'officer of an organisation without a province', actor: user(await t.user(['provincial_officer'], { organisationId: national }), ['provincial_officer'], null) },
      { name: 'team member 63 on the first case', actor: user(mdt63, ['mdt_member'], '63') },
      { name: 'team-scoped user 63 on no team', actor: user(await t.user(['mdt_member'], { organisationId: tak }), ['mdt_member'], '63') },
      { name: 'service provider of the Chiang Rai centre', actor: user(await t.user(['service_provider'], { organisationId: chiangRai }), ['service_provider'], '57') },
      { name: 'service provider in Tak', actor: user(await t.user(['service_provider'], { organisationId: tak }), ['service_provider'], '63') },
      { name: 'national analyst', actor: user(await t.user(['national_analyst'], { organisationId: national }), ['national_analyst'], null) },
      { name: 'partner system 57', actor: tokenActor({ id: '00000000-0000-4000-8000-000000000001', organisationId: chiangRai, provinceCode: '57', permissions: ['case.read'] }) },
      { name: 'partner system 63', actor: tokenActor({ id: '00000000-0000-4000-8000-000000000002', organisationId: tak, provinceCode: '63', permissions: ['case.read'] }) },
    ];
  }, 60_000);
  afterAll(async () => { await t.close(); });

  it('decides as the condition built for each actor does, whichever actor of its shape prepared the statement', async () => {
    expect(new Set(actors.map((a) => scopeShape(a.actor))).size).toBeGreaterThanOrEqual(6);
    const rng = createRng(2569);
    const pairs = actors.flatMap((a) => caseIds.map((id) => ({ ...a, id })));
    // First the actors whose condition has the fewest clauses (no province, no user): a statement shared
    // across shapes it should not be would then be the narrower one, and a wider actor would miss cases.
    const clauses = (a: Actor) => (a.provinceCode ? 1 : 0) + (a.userId ? 1 : 0);
    const narrowFirst = [...pairs].sort((a, b) => clauses(a.actor) - clauses(b.actor));
    let fullSeen = 0;
    for (let round = 0; round < 3; round++) {
      for (const { name, actor, id } of round === 0 ? narrowFirst : rng.sample(pairs, pairs.length)) {
        const [direct] = await t.database.db.select({ full: sql<boolean>`${fullScope(actor) ?? sql`true`}` }).from(cases).where(eq(cases.id, id));
        const expected = Boolean(direct!.full);
        const viaLoad = await loadCase(t.database.db, actor, id).then((r) => r.access.full, (e: { code?: string }) => e.code);
        const viaView = await loadCaseView(t.database.db, actor, id).then((r) => [r.access.full, r.view.team.length > 0], (e: { code?: string }) => e.code);
        // Without a referral, an actor without full access gets not-found.
        expect(viaLoad, `${name} / loadCase`).toBe(expected ? true : 'CASE_NOT_FOUND');
        expect(viaView, `${name} / loadCaseView`).toEqual(expected ? [true, true] : 'CASE_NOT_FOUND');
        if (expected) fullSeen++;
      }
    }
    expect(fullSeen).toBeGreaterThan(0);
    expect(fullSeen).toBeLessThan(pairs.length * 3);
  });
});
