import { and, desc, eq, gte, inArray, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { z } from 'zod';
import type { CaseIdentitySearch } from '../../../contracts/case.js';
import { isValidThaiNationalId } from '../../../contracts/common.js';
import type { Db } from '../../db/client.js';
import { casePersons, cases, nameGramCounts, persons } from '../../db/schema/index.js';
import { textArray } from '../../db/sql-arrays.js';
import type { Actor } from '../../platform/access/actor.js';
import type { DataCipher } from '../../platform/crypto.js';
import { identitySearchProvinces, identitySearchScope, type CaseRow } from './cases.access.js';
import { DOCUMENT_INDEX, NATIONAL_ID_INDEX, normaliseDocument } from './cases.persons.js';
import { minSharedGrams, nameGrams, nameLexemeQuery, searchPasses } from './name-grams.js';

export interface IdentityMatch {
  row: CaseRow;
  /** 1 for a document match, else the share of the query's name grams the best-matching person holds. */
  score: number;
  casePersonIds: string[];
}

/** People the search ranks at most (a page is at most 100 cases; a case rarely holds more than a few matches). */
const SEARCH_ROWS = 500;

type Hit = { caseId: string; casePersonId: string; shared: number; byDoc: boolean };
type Ranked = Omit<IdentityMatch, 'row'> & { caseId: string };

/**
 * The cases whose people match a name (typo-tolerant, by keyed trigram hashes) or a document number
 * (exact, by blind index), best first, within identitySearchScope. The name is looked up in the index of
 * name grams (person_name_lexemes, migration person_name_search) under the provinces the caller's scope
 * reaches, or nationally for national actors, closest names first (searchPasses): when they fill the
 * page, the wider pass could only add names ranked below them, so it is not run.
 */
/** Best match first; equal scores, the person recorded last first (one order for every query here). */
const bestFirst = (c: { shared: SQLWrapper; createdAt: SQLWrapper; personId: SQLWrapper }) => [desc(c.shared), desc(c.createdAt), desc(c.personId)];

export async function findByIdentity(db: Db, cipher: DataCipher, actor: Actor, q: z.infer<typeof CaseIdentitySearch>): Promise<IdentityMatch[]> {
  const grams = q.name ? nameGrams(cipher, [q.name]) : [];
  let docCond: SQL | undefined;
  if (q.document) {
    const doc = normaliseDocument(q.document);
    const byDocument = eq(persons.documentIndex, cipher.blindIndex(DOCUMENT_INDEX, doc));
    docCond = isValidThaiNationalId(doc) ? sql`(${byDocument} OR ${eq(persons.nationalIdIndex, cipher.blindIndex(NATIONAL_ID_INDEX, doc))})` : byDocument;
  }
  const minShared = minSharedGrams(grams.length);
  const shared = grams.length > 0
    ? sql<number>`(SELECT count(*)::int FROM unnest(${persons.nameGrams}) g WHERE g = ANY(${textArray(grams)}))`
    : sql<number>`0`;
  const byDoc = docCond ? sql<boolean>`${docCond}` : sql<boolean>`false`;
  const provinceList = grams.length > 0 ? await identitySearchProvinces(db, actor) : [];
  // An empty list: the caller's scope reaches no case at all, so no name can match.
  const byName = grams.length > 0 && provinceList?.length !== 0;
  const frequency = byName
    ? new Map((await db.select().from(nameGramCounts).where(inArray(nameGramCounts.gram, grams))).map((c) => [c.gram, c.persons]))
    : new Map<string, number>();
  // Narrow rows while ranking: up to SEARCH_ROWS of them; the page's cases are read whole at the end.
  const hit = { caseId: cases.id, casePersonId: casePersons.id };

  // A name search reaching the caller's own province only (the usual case for a provincial officer):
  // every person under that prefix is in a case of the province (cases.persons.ts and the transfer keep
  // a person in their case's province), which the caller sees whole, so the best SEARCH_ROWS people can
  // be chosen before their cases are joined. Were that ever untrue, the scope check after the join
  // still drops the row: fewer matches, never more.
  const ownProvinceOnly = !docCond && actor.scope === 'province' && provinceList?.length === 1 && provinceList[0] === actor.provinceCode;

  /** People the index finds sharing at least `m` name grams (undefined: by document only), each scored once. */
  const search = async (m: number | undefined): Promise<Hit[]> => {
    const lexemes = m !== undefined
      ? sql`person_name_lexemes(${persons.provinceCode}, ${persons.nameGrams}) @@ ${nameLexemeQuery(grams, frequency, m, provinceList)}::tsquery`
      : undefined;
    if (!lexemes && !docCond) return [];
    // OFFSET 0 keeps PostgreSQL from folding this into the outer query, which would count each candidate's
    // shared grams twice (once to filter, once to sort): 15 ms of a 68 ms search in the benchmark's plan.
    // drizzle drops a numeric offset of 0, hence the SQL literal.
    const candidates = db.select({
      personId: persons.id, createdAt: persons.createdAt, shared: sql<number>`${shared}`.as('shared'), byDoc: sql<boolean>`${byDoc}`.as('by_doc'),
    }).from(persons).where(lexemes && docCond ? or(lexemes, docCond) : (lexemes ?? docCond)).offset(sql`0` as unknown as number).as('candidates');
    const enough = m !== undefined ? sql`(${candidates.byDoc} OR ${candidates.shared} >= ${m})` : sql`${candidates.byDoc}`;
    const scored = db.$with('scored').as(ownProvinceOnly
      ? db.select().from(candidates).where(enough).orderBy(...bestFirst(candidates)).limit(SEARCH_ROWS)
      : db.select().from(candidates).where(enough));
    return db.with(scored).select({ ...hit, shared: scored.shared, byDoc: scored.byDoc }).from(scored)
      .innerJoin(casePersons, eq(casePersons.personId, scored.personId))
      .innerJoin(cases, eq(cases.id, casePersons.caseId))
      .where(identitySearchScope(actor))
      .orderBy(...bestFirst(scored))
      .limit(SEARCH_ROWS);
  };
  /** Every matching person of the given cases: a case found by a close name may hold looser matches. */
  const within = (caseIds: string[]): Promise<Hit[]> => db.select({ ...hit, shared, byDoc }).from(cases)
    .innerJoin(casePersons, eq(casePersons.caseId, cases.id))
    .innerJoin(persons, eq(persons.id, casePersons.personId))
    .where(and(inArray(cases.id, caseIds), identitySearchScope(actor), docCond ? or(gte(shared, minShared), docCond) : gte(shared, minShared)))
    .orderBy(...bestFirst({ shared, createdAt: persons.createdAt, personId: persons.id }));
  const rank = (rows: Hit[]): Ranked[] => {
    const byCase = new Map<string, Ranked>();
    for (const r of rows) {
      if (!r.byDoc && r.shared < minShared) continue;
      const score = r.byDoc ? 1 : r.shared / grams.length;
      const seen = byCase.get(r.caseId);
      if (seen) { seen.casePersonIds.push(r.casePersonId); seen.score = Math.max(seen.score, score); } else byCase.set(r.caseId, { caseId: r.caseId, score, casePersonIds: [r.casePersonId] });
    }
    return [...byCase.values()].sort((a, b) => b.score - a.score).slice(0, q.limit);
  };
  const withRows = async (ranked: Ranked[]): Promise<IdentityMatch[]> => {
    if (ranked.length === 0) return [];
    const rows = new Map((await db.select().from(cases).where(inArray(cases.id, ranked.map((r) => r.caseId)))).map((r) => [r.id, r]));
    return ranked.flatMap(({ caseId, ...m }) => { const row = rows.get(caseId); return row ? [{ row, ...m }] : []; });
  };

  const passes: (number | undefined)[] = byName ? searchPasses(grams.length) : [undefined];
  for (const m of passes) {
    const ranked = rank(await search(m));
    if (ranked.length < q.limit && m !== passes.at(-1)) continue;
    return withRows(m !== undefined && m > minShared && ranked.length > 0 ? rank(await within(ranked.map((c) => c.caseId))) : ranked);
  }
  return [];
}
