import { AppError, type ErrorCode } from './errors.js';

/**
 * Uploaded files are typed by their bytes, never by their name or a claimed type: a program or a web
 * page renamed `report.pdf` must not be stored (and later served) as a PDF. Structures' documents and
 * case attachments both sniff here.
 */
export const fileTypes = ['application/pdf', 'image/jpeg', 'image/png', 'audio/mpeg', 'audio/mp4', 'audio/ogg', 'audio/wav'] as const;
export type FileType = (typeof fileTypes)[number];

/** File-name extensions per type; the first is the one given to a file that arrives without a fitting one. */
export const fileExtensions: Record<FileType, string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'audio/mpeg': ['mp3'],
  'audio/mp4': ['m4a', 'mp4', 'm4b', 'aac'],
  'audio/ogg': ['ogg', 'oga', 'opus'],
  'audio/wav': ['wav'],
};

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** ISO base media brands of audio files as phones and recorders write them (Voice Memos: "M4A "; Android: isom/mp42). */
const MP4_AUDIO_BRANDS = new Set(['M4A ', 'M4B ', 'mp41', 'mp42', 'isom', 'iso2']);
const ascii = (bytes: Buffer, from: number, to: number) => bytes.subarray(from, to).toString('latin1');

/**
 * An MPEG-1/2 Layer III frame header without an ID3 tag: 11 sync bits, a defined version, layer III,
 * a bitrate index other than "bad" and a defined sample rate. (AAC's ADTS header has layer 0 and is
 * not an MP3.)
 */
function isMp3Frame(b: Buffer): boolean {
  if (b.length < 4 || b[0] !== 0xff || (b[1]! & 0xe0) !== 0xe0) return false;
  const version = (b[1]! >> 3) & 3;
  const layer = (b[1]! >> 1) & 3;
  const bitrate = b[2]! >> 4;
  const sampleRate = (b[2]! >> 2) & 3;
  return version !== 1 && layer === 1 && bitrate !== 15 && sampleRate !== 3;
}

export function sniffFileType(bytes: Buffer): FileType | undefined {
  if (bytes.length >= 5 && ascii(bytes, 0, 5) === '%PDF-') return 'application/pdf';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG)) return 'image/png';
  if (bytes.length >= 10 && ascii(bytes, 0, 3) === 'ID3' && bytes[3]! <= 4) return 'audio/mpeg';
  if (isMp3Frame(bytes)) return 'audio/mpeg';
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'ftyp' && MP4_AUDIO_BRANDS.has(ascii(bytes, 8, 12))) return 'audio/mp4';
  if (bytes.length >= 28 && ascii(bytes, 0, 4) === 'OggS' && bytes[4] === 0) return 'audio/ogg';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WAVE') return 'audio/wav';
  return undefined;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Strict base64 (no whitespace, no URL alphabet), refused over `maxBytes` before it is decoded. */
export function decodeBase64File(b64: string, maxBytes: number, opts: { path: string; tooLarge: ErrorCode; limitText: string }): Buffer {
  if (b64.length % 4 !== 0 || !BASE64.test(b64)) {
    throw new AppError('VALIDATION_FAILED', [{ path: opts.path, message: 'not valid base64' }]);
  }
  if (Buffer.byteLength(b64, 'base64') > maxBytes) throw new AppError(opts.tooLarge, [{ path: opts.path, message: opts.limitText }]);
  return Buffer.from(b64, 'base64');
}

/** Base64 of `maxBytes` plus room for the other fields of the request: the body limit of an upload route. */
export function uploadBodyLimit(maxBytes: number): number {
  return Math.ceil(maxBytes / 3) * 4 + 64 * 1024;
}

/** The extension of a file name, lower case, if it has one. */
export function extensionOf(filename: string): string | undefined {
  return /\.([A-Za-z0-9]{1,10})$/.exec(filename)?.[1]?.toLowerCase();
}

/** `attachment`, with an ASCII fallback name and the UTF-8 one (RFC 6266 / 5987) for Thai file names. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())}`;
}
