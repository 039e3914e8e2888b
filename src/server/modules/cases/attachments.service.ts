import { createHash, randomUUID } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Page } from '../../../contracts/common.js';
import { ATTACHMENT_MAX_BYTES, type Attachment, type AttachmentUpload } from '../../../contracts/casework.js';
import type { AppDeps } from '../../deps.js';
import { caseAttachments, users } from '../../db/schema/index.js';
import type { Actor } from '../../platform/access/actor.js';
import { writeAudit, type AuditContext } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { decodeBase64File, extensionOf, fileExtensions, sniffFileType, type FileType } from '../../platform/file-types.js';
import { decodeCursor, msOf, pageOf } from '../../platform/pagination.js';
import { loadCase, requireOpen, requirePart } from './cases.access.js';
import { bumpCase, recordCaseChange } from './cases.activity.js';
import { requireContribute, sensitivityFilter } from './notes.service.js';

/**
 * Files cross the driver as base64 text: PGlite turns a bytea parameter or result into and out of hex
 * one byte at a time in JavaScript (a 10 MB file took ~35 s to insert and ~5 s to read; as base64, ~3 s
 * and ~1 s), and node-postgres sends a Buffer as hex text anyway. (`encode` wraps lines; Node's base64
 * decoder skips the newlines.)
 */
const toBytea = (bytes: Buffer) => sql`decode(${bytes.toString('base64')}, 'base64')`;
const fromBytea = (column: typeof caseAttachments.contentEnc) => sql<string>`encode(${column}, 'base64')`;

/** The ciphertext is bound to its row, so a stored file cannot be moved to another case or attachment. */
const aad = (id: string) => `case_attachments:${id}`;

/**
 * A file's type is what its bytes say. A name whose extension disagrees is corrected to the sniffed
 * type ("scan.pdf" holding a PNG is kept as "scan.png"), so the file opens in the right program.
 */
export function checkedAttachment(input: Pick<AttachmentUpload, 'filename' | 'contentBase64'>): { filename: string; contentType: FileType; bytes: Buffer } {
  const bytes = decodeBase64File(input.contentBase64, ATTACHMENT_MAX_BYTES, { path: 'contentBase64', tooLarge: 'ATTACHMENT_TOO_LARGE', limitText: 'at most 10 MB' });
  const contentType = sniffFileType(bytes);
  if (!contentType) {
    throw new AppError('ATTACHMENT_TYPE_NOT_ALLOWED', [{ path: 'contentBase64', message: 'the content is not a PDF, JPEG, PNG, MP3, M4A, OGG or WAV file' }]);
  }
  const ext = extensionOf(input.filename);
  const wanted = fileExtensions[contentType];
  const stem = ext === undefined ? input.filename : input.filename.slice(0, -(ext.length + 1));
  const filename = ext !== undefined && wanted.includes(ext) ? input.filename : `${stem || 'file'}.${wanted[0]}`;
  return { filename, contentType, bytes };
}

/** Case attachments (issue 5): PDF, images and audio, sniffed, ≤ 10 MB, encrypted at rest, every download audited. */
export function createAttachmentService({ database, cipher }: AppDeps) {
  const db = database.db;
  const meta = {
    id: caseAttachments.id, caseId: caseAttachments.caseId, sensitivity: caseAttachments.sensitivity, filenameEnc: caseAttachments.filenameEnc,
    contentType: caseAttachments.contentType, sizeBytes: caseAttachments.sizeBytes, sha256: caseAttachments.sha256,
    uploadedBy: caseAttachments.uploadedBy, uploadedByOrganisationId: caseAttachments.uploadedByOrganisationId,
    createdAt: caseAttachments.createdAt, uploadedByName: users.displayName,
  };
  const selectMeta = () => db.select(meta).from(caseAttachments).leftJoin(users, eq(users.id, caseAttachments.uploadedBy));
  type MetaRow = Awaited<ReturnType<typeof selectMeta>>[number];
  const toAttachment = (r: MetaRow): Attachment => ({
    id: r.id, caseId: r.caseId, sensitivity: r.sensitivity as Attachment['sensitivity'], filename: cipher.decrypt(r.filenameEnc),
    contentType: r.contentType as Attachment['contentType'], sizeBytes: r.sizeBytes, sha256: r.sha256.trim(),
    uploadedBy: r.uploadedBy, uploadedByName: r.uploadedByName, uploadedByOrganisationId: r.uploadedByOrganisationId,
    createdAt: r.createdAt.toISOString(),
  });

  return {
    async add(actor: Actor, caseId: string, input: AttachmentUpload, ctx: AuditContext): Promise<Attachment> {
      const { row, access } = await loadCase(db, actor, caseId);
      requireContribute(actor, access, 'attachments', input.sensitivity);
      requireOpen(row);
      const file = checkedAttachment(input);
      const id = randomUUID();
      await db.transaction(async (trx) => {
        await bumpCase(trx, row, undefined);
        await trx.insert(caseAttachments).values({
          id, caseId, sensitivity: input.sensitivity, filenameEnc: cipher.encrypt(file.filename), contentType: file.contentType,
          sizeBytes: file.bytes.length, sha256: createHash('sha256').update(file.bytes).digest('hex'),
          contentEnc: toBytea(cipher.encryptBytes(file.bytes, aad(id))), uploadedBy: actor.userId, uploadedByOrganisationId: actor.organisationId,
        });
        await recordCaseChange(trx, ctx, {
          caseId, action: 'case.attachment_added', part: 'attachments', targetType: 'case_attachment', targetId: id,
          details: { contentType: file.contentType, sizeBytes: file.bytes.length, sensitivity: input.sensitivity },
        });
      });
      const [r] = await selectMeta().where(eq(caseAttachments.id, id));
      return toAttachment(r!);
    },

    /** File names can name people: they are encrypted, and listing them is audited. */
    async list(actor: Actor, caseId: string, q: z.infer<typeof Page>, ctx: AuditContext) {
      const { access } = await loadCase(db, actor, caseId);
      requirePart(access, 'attachments');
      const after = decodeCursor(q.cursor);
      const rows = await selectMeta().where(and(
        eq(caseAttachments.caseId, caseId),
        sensitivityFilter(access, caseAttachments.sensitivity),
        after ? sql`(${msOf(caseAttachments.createdAt)}, ${caseAttachments.id}) < (${after.sortKey}::timestamptz, ${after.id}::uuid)` : undefined,
      )).orderBy(desc(msOf(caseAttachments.createdAt)), desc(caseAttachments.id)).limit(q.limit + 1);
      const page = pageOf(rows, q.limit, (r) => [r.createdAt.toISOString(), r.id]);
      await writeAudit(db, ctx, { action: 'case.attachments_viewed', targetType: 'case', targetId: caseId, details: { count: page.items.length } });
      return { items: page.items.map(toAttachment), nextCursor: page.nextCursor };
    },

    async download(actor: Actor, caseId: string, attachmentId: string, ctx: AuditContext) {
      const { access } = await loadCase(db, actor, caseId);
      requirePart(access, 'attachments');
      const [r] = await db.select({ ...meta, content: fromBytea(caseAttachments.contentEnc) }).from(caseAttachments)
        .leftJoin(users, eq(users.id, caseAttachments.uploadedBy))
        .where(and(eq(caseAttachments.id, attachmentId), eq(caseAttachments.caseId, caseId), sensitivityFilter(access, caseAttachments.sensitivity)));
      if (!r) throw new AppError('ATTACHMENT_NOT_FOUND');
      const content = cipher.decryptBytes(Buffer.from(r.content, 'base64'), aad(r.id));
      await writeAudit(db, ctx, {
        action: 'case.attachment_downloaded', targetType: 'case_attachment', targetId: r.id,
        details: { caseId, contentType: r.contentType, sizeBytes: r.sizeBytes },
      });
      return { filename: cipher.decrypt(r.filenameEnc), contentType: r.contentType, sha256: r.sha256.trim(), content };
    },
  };
}
