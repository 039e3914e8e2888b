import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { DOCUMENT_MAX_BYTES, documentTypes, type DocumentMeta, type DocumentUpload } from '../../../contracts/structures.js';
import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import { documents } from '../../db/schema/index.js';
import type { AuditContext } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { isoOrNull } from '../../platform/pagination.js';
import { contentDisposition, decodeBase64File, extensionOf, fileExtensions, sniffFileType } from '../../platform/file-types.js';

type DocumentType = (typeof documentTypes)[number];

/** What the bytes are, by their signature (platform/file-types.ts); orders accept PDF, JPEG and PNG only. */
export function sniffDocumentType(bytes: Buffer): DocumentType | undefined {
  const type = sniffFileType(bytes);
  return (documentTypes as readonly string[]).includes(type ?? '') ? (type as DocumentType) : undefined;
}

/**
 * Decodes and checks an upload: base64, at most 5 MB, a PDF, JPEG or PNG by its magic bytes, and a
 * name and claimed type (if any) that agree with the content. A Windows program renamed `order.pdf`
 * starts with `MZ`, not `%PDF-`, and is refused.
 */
export function decodeUpload(u: z.infer<typeof DocumentUpload>, path = 'document'): { filename: string; contentType: DocumentType; bytes: Buffer } {
  const bytes = decodeBase64File(u.contentBase64, DOCUMENT_MAX_BYTES, { path: `${path}.contentBase64`, tooLarge: 'DOCUMENT_TOO_LARGE', limitText: 'at most 5 MB' });
  const type = sniffDocumentType(bytes);
  if (!type) throw new AppError('DOCUMENT_TYPE_NOT_ALLOWED', [{ path: `${path}.contentBase64`, message: 'the content is not a PDF, JPEG or PNG file' }]);
  if (u.contentType !== undefined && u.contentType.split(';')[0]!.trim().toLowerCase() !== type) {
    throw new AppError('DOCUMENT_TYPE_NOT_ALLOWED', [{ path: `${path}.contentType`, message: `the content is ${type}` }]);
  }
  const ext = extensionOf(u.filename);
  if (ext !== undefined && !fileExtensions[type].includes(ext)) {
    throw new AppError('DOCUMENT_TYPE_NOT_ALLOWED', [{ path: `${path}.filename`, message: `the content is ${type}, not .${ext}` }]);
  }
  return { filename: ext === undefined ? `${u.filename}.${fileExtensions[type][0]}` : u.filename, contentType: type, bytes };
}

export type DocumentRow = Omit<typeof documents.$inferSelect, 'content'>;
export const documentMetaColumns = {
  id: documents.id, filename: documents.filename, contentType: documents.contentType, sizeBytes: documents.sizeBytes,
  sha256: documents.sha256, uploadedBy: documents.uploadedBy, uploadedByOrganisationId: documents.uploadedByOrganisationId,
  createdAt: documents.createdAt,
};

export function toDocumentMeta(d: DocumentRow): DocumentMeta {
  return {
    id: d.id, filename: d.filename, contentType: d.contentType as DocumentType, sizeBytes: d.sizeBytes,
    sha256: d.sha256.trim(), createdAt: isoOrNull(d.createdAt)!,
  };
}

/** Stores a checked upload (inside the caller's transaction). */
export async function storeDocument(trx: Db, upload: ReturnType<typeof decodeUpload>, ctx: AuditContext): Promise<DocumentRow> {
  const [row] = await trx.insert(documents).values({
    filename: upload.filename, contentType: upload.contentType, sizeBytes: upload.bytes.length,
    sha256: createHash('sha256').update(upload.bytes).digest('hex'), content: upload.bytes,
    uploadedBy: ctx.actor?.userId ?? null, uploadedByOrganisationId: ctx.actor?.organisationId ?? null,
  }).returning(documentMetaColumns);
  return row!;
}

export async function findDocument(db: Db, id: string) {
  return (await db.select().from(documents).where(eq(documents.id, id)).limit(1))[0];
}

export { contentDisposition };
