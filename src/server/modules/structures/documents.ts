import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { DOCUMENT_MAX_BYTES, documentTypes, type DocumentMeta, type DocumentUpload } from '../../../contracts/structures.js';
import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import { documents } from '../../db/schema/index.js';
import type { AuditContext } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { isoOrNull } from '../../platform/pagination.js';

type DocumentType = (typeof documentTypes)[number];

/** What the bytes are, by their signature; the name and the claimed type are not trusted. */
export function sniffDocumentType(bytes: Buffer): DocumentType | undefined {
  if (bytes.length >= 5 && bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return undefined;
}

const extensions: Record<DocumentType, string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
};
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes and checks an upload: base64, at most 5 MB, a PDF, JPEG or PNG by its magic bytes, and a
 * name and claimed type (if any) that agree with the content. A Windows program renamed `order.pdf`
 * starts with `MZ`, not `%PDF-`, and is refused.
 */
export function decodeUpload(u: z.infer<typeof DocumentUpload>, path = 'document'): { filename: string; contentType: DocumentType; bytes: Buffer } {
  const b64 = u.contentBase64;
  if (b64.length % 4 !== 0 || !BASE64.test(b64)) {
    throw new AppError('VALIDATION_FAILED', [{ path: `${path}.contentBase64`, message: 'not valid base64' }]);
  }
  if (Buffer.byteLength(b64, 'base64') > DOCUMENT_MAX_BYTES) throw new AppError('DOCUMENT_TOO_LARGE', [{ path: `${path}.contentBase64`, message: 'at most 5 MB' }]);
  const bytes = Buffer.from(b64, 'base64');
  const type = sniffDocumentType(bytes);
  if (!type) throw new AppError('DOCUMENT_TYPE_NOT_ALLOWED', [{ path: `${path}.contentBase64`, message: 'the content is not a PDF, JPEG or PNG file' }]);
  if (u.contentType !== undefined && u.contentType.split(';')[0]!.trim().toLowerCase() !== type) {
    throw new AppError('DOCUMENT_TYPE_NOT_ALLOWED', [{ path: `${path}.contentType`, message: `the content is ${type}` }]);
  }
  const ext = /\.([A-Za-z0-9]{1,10})$/.exec(u.filename)?.[1]?.toLowerCase();
  if (ext !== undefined && !extensions[type].includes(ext)) {
    throw new AppError('DOCUMENT_TYPE_NOT_ALLOWED', [{ path: `${path}.filename`, message: `the content is ${type}, not .${ext}` }]);
  }
  return { filename: ext === undefined ? `${u.filename}.${extensions[type][0]}` : u.filename, contentType: type, bytes };
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

/** `attachment`, with an ASCII fallback name and the UTF-8 one (RFC 6266 / 5987) for Thai file names. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
