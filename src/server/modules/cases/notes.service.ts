import { and, desc, eq, sql, type Column, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Page } from '../../../contracts/common.js';
import type { CaseAccess } from '../../../contracts/case.js';
import type { Note, NoteCreate } from '../../../contracts/casework.js';
import type { AppDeps } from '../../deps.js';
import { caseNotes, organisations, users } from '../../db/schema/index.js';
import type { Actor } from '../../platform/access/actor.js';
import { writeAudit, type AuditContext } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, msOf, pageOf } from '../../platform/pagination.js';
import { loadCase, requireOpen, requirePart } from './cases.access.js';
import { bumpCase, recordCaseChange } from './cases.activity.js';

/**
 * Who may add to a case's notes or attachments: the case's full-access writers, any sensitivity; an
 * organisation that accepted a referral sharing that part (`case.read` suffices there, as for the
 * shelter's own staff), `normal` sensitivity only, since team-restricted material is the team's.
 */
export function requireContribute(actor: Actor, access: CaseAccess, part: 'notes' | 'attachments', sensitivity: 'normal' | 'team'): void {
  if (access.canWrite) return;
  if (!access.full && access.parts.includes(part) && actor.permissions.has('case.read')) {
    if (sensitivity === 'team') throw new AppError('FORBIDDEN', [{ path: 'sensitivity', message: 'only the case team adds team-restricted material' }]);
    return;
  }
  throw new AppError('FORBIDDEN');
}

/** Team-restricted rows only for callers with `access.team` (the team, its centre and province). */
export function sensitivityFilter(access: CaseAccess, column: Column): SQL | undefined {
  return access.team ? undefined : sql`${column} = 'normal'`;
}

/** Case notes (issue 5): bodies encrypted at rest (they name people), every read audited. */
export function createNoteService({ database, cipher }: AppDeps) {
  const db = database.db;
  const select = {
    note: caseNotes, authorName: users.displayName, orgTh: organisations.nameTh, orgEn: organisations.nameEn,
  };
  type Row = { note: typeof caseNotes.$inferSelect; authorName: string | null; orgTh: string | null; orgEn: string | null };
  const toNote = (r: Row): Note => ({
    id: r.note.id, caseId: r.note.caseId, sensitivity: r.note.sensitivity as Note['sensitivity'], body: cipher.decrypt(r.note.bodyEnc),
    authorId: r.note.authorId, authorName: r.authorName, authorOrganisationId: r.note.authorOrganisationId,
    authorOrganisationNameTh: r.orgTh, authorOrganisationNameEn: r.orgEn, createdAt: r.note.createdAt.toISOString(),
  });
  const withAuthor = () => db.select(select).from(caseNotes)
    .leftJoin(users, eq(users.id, caseNotes.authorId))
    .leftJoin(organisations, eq(organisations.id, caseNotes.authorOrganisationId));

  return {
    async add(actor: Actor, caseId: string, input: NoteCreate, ctx: AuditContext): Promise<Note> {
      const { row, access } = await loadCase(db, actor, caseId);
      requireContribute(actor, access, 'notes', input.sensitivity);
      requireOpen(row);
      const id = await db.transaction(async (trx) => {
        await bumpCase(trx, row, undefined);
        const [n] = await trx.insert(caseNotes).values({
          caseId, sensitivity: input.sensitivity, bodyEnc: cipher.encrypt(input.body), authorId: actor.userId,
          authorOrganisationId: actor.organisationId,
        }).returning({ id: caseNotes.id });
        await recordCaseChange(trx, ctx, {
          caseId, action: 'case.note_added', part: 'notes', targetType: 'case_note', targetId: n!.id, details: { sensitivity: input.sensitivity },
        });
        return n!.id;
      });
      const [r] = await withAuthor().where(eq(caseNotes.id, id));
      return toNote(r!);
    },

    async list(actor: Actor, caseId: string, q: z.infer<typeof Page>, ctx: AuditContext) {
      const { access } = await loadCase(db, actor, caseId);
      requirePart(access, 'notes');
      const after = decodeCursor(q.cursor);
      if (after && (Number.isNaN(Date.parse(after.sortKey)) || !/^[0-9a-f-]{36}$/i.test(after.id))) {
        throw new AppError('VALIDATION_FAILED', [{ path: 'cursor', message: 'invalid cursor' }]);
      }
      const rows = await withAuthor().where(and(
        eq(caseNotes.caseId, caseId),
        sensitivityFilter(access, caseNotes.sensitivity),
        after ? sql`(${msOf(caseNotes.createdAt)}, ${caseNotes.id}) < (${after.sortKey}::timestamptz, ${after.id}::uuid)` : undefined,
      )).orderBy(desc(msOf(caseNotes.createdAt)), desc(caseNotes.id)).limit(q.limit + 1);
      const page = pageOf(rows, q.limit, (r) => [r.note.createdAt.toISOString(), r.note.id]);
      await writeAudit(db, ctx, {
        action: 'case.notes_viewed', targetType: 'case', targetId: caseId,
        details: { count: page.items.length, teamNotes: access.team, noteIds: page.items.map((r) => r.note.id) },
      });
      return { items: page.items.map(toNote), nextCursor: page.nextCursor };
    },
  };
}
