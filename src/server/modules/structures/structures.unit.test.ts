import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { permissionsOf, scopeOf, type RoleName } from '../../../contracts/access.js';
import type { Actor } from '../../platform/access/actor.js';
import { canManageStructure } from '../../platform/access/scope.js';
import { AppError } from '../../platform/errors.js';
import { contentDisposition, decodeUpload, sniffDocumentType } from './documents.js';
import { addDays, todayInThailand } from './structures.common.js';
import { demoPdf } from './structures.seed.js';

const actor = (roles: RoleName[], provinceCode: string | null): Actor => ({
  kind: 'user', userId: null, tokenId: null, sessionId: null, organisationId: '00000000-0000-4000-8000-000000000001',
  provinceCode, roles, permissions: new Set(permissionsOf(roles)), scope: scopeOf(roles),
});

describe('canManageStructure', () => {
  it('national managers edit any; provincial managers their own province; national-level structures are national only', () => {
    const admin = actor(['system_admin'], null);
    const officer = actor(['provincial_officer'], '57');
    expect([canManageStructure(admin, '57'), canManageStructure(admin, '63'), canManageStructure(admin, null)]).toEqual([true, true, true]);
    expect([canManageStructure(officer, '57'), canManageStructure(officer, '63'), canManageStructure(officer, null)]).toEqual([true, false, false]);
    // Reading roles never edit, whatever their province.
    for (const role of ['national_analyst', 'mdt_member', 'service_provider', 'investigator', 'community_volunteer'] as const) {
      expect(canManageStructure(actor([role], '57'), '57')).toBe(false);
    }
  });
});

describe('documents', () => {
  const b64 = (b: Buffer) => b.toString('base64');
  it('knows PDF, JPEG and PNG by their first bytes only', () => {
    expect(sniffDocumentType(demoPdf('x'))).toBe('application/pdf');
    expect(sniffDocumentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe('image/jpeg');
    expect(sniffDocumentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
    expect(sniffDocumentType(Buffer.from('MZ\x90\x00', 'latin1'))).toBeUndefined();
    expect(sniffDocumentType(Buffer.from('%PD'))).toBeUndefined();
    expect(sniffDocumentType(Buffer.from('<html>%PDF-'))).toBeUndefined();
  });

  it('adds the extension a bare name lacks; refuses a name that contradicts the content', () => {
    expect(decodeUpload({ filename: 'คำสั่ง', contentBase64: b64(demoPdf('x')) }).filename).toBe('คำสั่ง.pdf');
    expect(() => decodeUpload({ filename: 'scan.jpg', contentBase64: b64(demoPdf('x')) })).toThrow(AppError);
    expect(decodeUpload({ filename: 'scan.JPEG', contentBase64: b64(Buffer.from([0xff, 0xd8, 0xff, 1])) }).contentType).toBe('image/jpeg');
  });

  it('any bytes at all: accepted only when they start with a known signature, never a crash', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), fc.constantFrom('a.pdf', 'a.png', 'a.jpg', 'a'), (bytes, filename) => {
      const buf = Buffer.from(bytes);
      try {
        const r = decodeUpload({ filename, contentBase64: b64(buf) });
        expect(sniffDocumentType(buf)).toBe(r.contentType);
        expect(r.bytes.equals(buf)).toBe(true);
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        expect([400, 415]).toContain((e as AppError).statusCode);
      }
    }));
  });

  it('the download header carries a safe ASCII name and the UTF-8 one', () => {
    expect(contentDisposition('คำสั่ง "1".pdf')).toBe(`attachment; filename="______ _1_.pdf"; filename*=UTF-8''${encodeURIComponent('คำสั่ง "1".pdf')}`);
  });
});

describe('Thai calendar days', () => {
  it('today is the date in Bangkok (UTC+7), not UTC', () => {
    expect(todayInThailand(new Date('2025-01-01T16:59:59Z'))).toBe('2025-01-01');
    expect(todayInThailand(new Date('2025-01-01T17:00:00Z'))).toBe('2025-01-02');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
  });
});
