import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ErrorBody } from '../../../contracts/errors.js';
import { channels, closeReasons, peopleSexes, reportLanguages, yesNoUnknown } from '../../../contracts/report.js';
import { createTestContext, type TestContext } from '../../test/harness.js';
import { errorCatalogue } from '../../platform/errors.js';
import { MAX_AGE_MS, issueChallenge, solve } from './proof-of-work.js';

/**
 * The public report route under generated input, from many addresses: never a 5xx, the error shape
 * on every refusal, and a refused request writes no report, no duplicate candidate and no
 * `report.received` audit entry (only the per-address counter and the challenge's one-time mark,
 * in rate_limits, may change). Some bodies carry a freshly solved challenge, so the generators
 * also reach the service's own checks (areas, countries, honeypot, reuse) and succeed now and then.
 */

const RUNS = Number(process.env.PHAKHI_FUZZ_RUNS ?? 40) * 15;

/** How the challenge is answered; turned into a real one when the request is sent (each is single-use). */
const challengeKinds = ['solved', 'solved', 'solved', 'solved', 'reused', 'too_fast', 'expired', 'wrong_counter', 'forged', 'garbage', 'missing'] as const;
type ChallengeKind = (typeof challengeKinds)[number];

const nasty = fc.constantFrom(
  '', ' ', '\u0000', 'a\u0000b', '\ud800', '\udfff x', '\u202e\u0e01', 'ก'.repeat(301), "'; DROP TABLE reports; --", '%', '_', '\\',
  '<script>alert(1)</script>', '{"a":1}', '00', '99', '1e309', '-0', 'NaN', 'null', '2024-02-30', '0000-01-01', '9999-12-31',
  '+66 81-234-5678', '1101700203051', '\u0007bell', 'x'.repeat(5001), '\n\t\r',
);
const wrongType = fc.oneof(
  fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }), fc.constantFrom(2 ** 31, 2 ** 53 + 2, -1, 0, 1.5, 1e20),
);
/** A field: usually an acceptable value, sometimes a near miss, a nasty string, another type or a long string. */
const field = (valid: fc.Arbitrary<unknown>, near: fc.Arbitrary<unknown> = nasty) => fc.oneof(
  { arbitrary: valid, weight: 30 },
  { arbitrary: near, weight: 2 },
  { arbitrary: nasty, weight: 1 },
  { arbitrary: wrongType, weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 300 }), weight: 1 },
);
/** Mostly acceptable text (no control characters, within the length limits); the limits themselves are tested by `nasty`. */
const text = (min: number, max: number) => fc.oneof(
  fc.string({ unit: 'grapheme', minLength: min, maxLength: max }).map((s) => s.replace(/[\u0000-\u001f\u007f]/g, '')),
  fc.lorem({ maxCount: 30 }),
  fc.constantFrom('เด็กหญิงถูกบังคับให้ขายของที่ตลาดกลางคืน', 'မိန်းကလေးများကို အလုပ်ရုံမှာ ပိတ်ထားတယ်', 'ແຮງງານລາວຖືກກັກຂັງໄວ້ໃນໂຮງງານ', 'កម្មករត្រូវបានឃុំឃាំងនៅក្នុងរោងចក្រ'),
).map((s) => s.slice(0, max)).filter((s) => s.trim().length >= min);

/**
 * A report body. `clean`: every field acceptable (the service's own checks and the write path run);
 * otherwise each field may be a near miss, a nasty string or another type, and limits are overshot.
 */
const reportBody = (clean: boolean) => {
  const f = clean ? (valid: fc.Arbitrary<unknown>) => valid : field;
  const over = clean ? 0 : 1;
  return fc.record({
    description: f(text(10, 400)),
    provinceCode: f(fc.constantFrom('57', '63', '10', '90', '56', null), fc.constantFrom('99', '00', '5', 'ab')),
    districtCode: f(fc.constantFrom('5701', '6306', '1001', null), fc.constantFrom('9999', '57', '570')),
    placeDescription: f(text(1, 500 + 100 * over)),
    happenedOn: f(
      fc.date({ min: new Date('1990-01-01'), max: new Date('2035-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      fc.constantFrom('2023-02-29', 'yesterday', '2024-1-1', '+012024-01-01'),
    ),
    whenDescription: f(text(1, 300 + 20 * over)),
    peopleCount: f(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom(0, -1, 10_001, 2.5)),
    approxAge: f(fc.integer({ min: 0, max: 120 }), fc.constantFrom(-1, 121, 17.5)),
    sexOfPeople: f(fc.constantFrom(...peopleSexes), fc.constant('other')),
    nationality: f(fc.constantFrom('MMR', 'LAO', 'KHM', 'THA', 'VNM'), fc.constantFrom('XXX', 'ZZZ', 'mmr', 'MM')),
    childrenInvolved: f(fc.constantFrom(...yesNoUnknown), fc.constant('maybe')),
    immediateDanger: f(fc.boolean()),
    contactName: f(text(1, 200 + 20 * over)),
    contactPhone: f(fc.constantFrom('081-234-5678', '+66 81 234 5678', '(02) 123 4567', '0812345678'), fc.constantFrom('123', 'abc', '0812345678901234567890')),
    contactLine: f(fc.constantFrom('mali.c', 'user_01', '@ok'), fc.constantFrom('has space', 'x'.repeat(51))),
    language: f(fc.constantFrom(...reportLanguages), fc.constant('fr')),
    website: fc.oneof({ arbitrary: fc.constant(undefined), weight: 12 }, { arbitrary: fc.constantFrom('', 'http://spam.example'), weight: over }),
    // Staff-only and unknown fields.
    channel: fc.oneof({ arbitrary: fc.constant(undefined), weight: 12 }, { arbitrary: fc.constantFrom(...channels), weight: over }),
    status: fc.oneof({ arbitrary: fc.constant(undefined), weight: 15 }, { arbitrary: fc.constantFrom('closed', ...closeReasons), weight: over }),
    challenge: clean ? fc.constant<ChallengeKind>('solved') : fc.constantFrom<ChallengeKind>(...challengeKinds),
  }, { requiredKeys: ['description', 'challenge'] }).map((b) => {
    // A clean body names a district of its own province (or none).
    if (clean && typeof b.districtCode === 'string' && b.districtCode.slice(0, 2) !== b.provinceCode) delete b.districtCode;
    return b;
  });
};

type Body =
  | { kind: 'report'; body: Record<string, unknown> }
  | { kind: 'json'; value: unknown; label: string }
  | { kind: 'raw'; payload: string; contentType: string };

const bodyArb: fc.Arbitrary<Body> = fc.oneof(
  { arbitrary: reportBody(false).map((body) => ({ kind: 'report' as const, body })), weight: 6 },
  { arbitrary: reportBody(true).map((body) => ({ kind: 'report' as const, body })), weight: 3 },
  { arbitrary: fc.anything().map((value) => ({ kind: 'json' as const, value, label: 'anything' })), weight: 1 },
  { arbitrary: fc.object({ stringUnit: 'binary' }).map((value) => ({ kind: 'json' as const, value, label: 'object' })), weight: 1 },
  { arbitrary: fc.jsonValue().map((value) => ({ kind: 'json' as const, value, label: 'jsonValue' })), weight: 1 },
  {
    // A plausible body with a solved challenge, plus one random extra key (unknown fields are refused).
    arbitrary: fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 1 }))
      .map(([k, v]) => ({ kind: 'report' as const, body: { description: 'a plausible report description', challenge: 'solved', [k]: v } })),
    weight: 1,
  },
  {
    arbitrary: fc.tuple(
      fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16'),
      fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('{', '{"description":', '[]', 'null', '{"challenge":{"token":"a.b","counter":-1}}')),
    ).map(([contentType, payload]) => ({ kind: 'raw' as const, payload, contentType })),
    weight: 1,
  },
);

const addressArb = fc.oneof(
  { arbitrary: fc.ipV4(), weight: 6 },
  { arbitrary: fc.ipV6(), weight: 1 },
  // A few busy addresses: the per-address limit (10 an hour) refuses some of their requests.
  { arbitrary: fc.constantFrom('192.0.2.1', '192.0.2.2', '2001:db8::1'), weight: 3 },
);
const keyArb = fc.option(fc.oneof(fc.uuid(), fc.string({ minLength: 0, maxLength: 30 }), fc.constantFrom('same-key-00000001')), { freq: 3 });

describe('POST /api/v1/public/reports under generated input', () => {
  let t: TestContext;
  let usedChallenge: { token: string; counter: number };

  beforeAll(async () => {
    t = await createTestContext();
    const c = issueChallenge(t.cipher, 8, Date.now() - 5000);
    usedChallenge = { token: c.token, counter: solve(c.token, 8) };
    const first = await t.app.inject({
      method: 'POST', url: '/api/v1/public/reports', remoteAddress: '203.0.113.1',
      payload: { description: 'the first report uses this challenge', challenge: usedChallenge },
    });
    expect(first.statusCode).toBe(201);
  });
  afterAll(async () => { await t?.close(); });

  function challengeFor(kind: ChallengeKind): unknown {
    const solved = (difficulty: number, at: number) => {
      const c = issueChallenge(t.cipher, difficulty, at);
      return { token: c.token, counter: solve(c.token, difficulty) };
    };
    switch (kind) {
      case 'solved': return solved(8, Date.now() - 5000);
      case 'reused': return usedChallenge;
      case 'too_fast': return solved(4, Date.now());
      case 'expired': return solved(4, Date.now() - MAX_AGE_MS - 60_000);
      case 'wrong_counter': {
        // A counter that does not solve it (difficulty 16: a random counter almost never does).
        const c = issueChallenge(t.cipher, 16, Date.now() - 5000);
        return { token: c.token, counter: 7 };
      }
      case 'forged': {
        const c = issueChallenge(t.cipher, 0, Date.now() - 5000);
        return { token: `${c.token.split('.')[0]}.${'0'.repeat(64)}`, counter: 0 };
      }
      case 'garbage': return { token: 'x.y', counter: 1, extra: true };
      case 'missing': return undefined;
    }
  }

  const state = async () => {
    const [r] = await t.database.query<{ reports: number; candidates: number; received: number }>(`SELECT
      (SELECT count(*)::int FROM reports) AS reports,
      (SELECT count(*)::int FROM report_duplicate_candidates) AS candidates,
      (SELECT count(*)::int FROM audit_log WHERE action = 'report.received') AS received`);
    return r!;
  };

  it('never a 5xx; the error shape on refusals; a refused request writes no report', async () => {
    const stats: Record<string, number> = {};
    const started = performance.now();
    let before = await state();
    await fc.assert(
      fc.asyncProperty(bodyArb, addressArb, keyArb, async (b, remoteAddress, idempotencyKey) => {
        let payload: string | undefined;
        let contentType = 'application/json';
        let label: string;
        if (b.kind === 'report') {
          const { challenge, ...rest } = b.body;
          const body = { ...rest, challenge: challengeFor(challenge as ChallengeKind) };
          payload = JSON.stringify(body);
          label = `report ${String(challenge)} ${payload.slice(0, 200)}`;
        } else if (b.kind === 'json') {
          payload = JSON.stringify(b.value);
          label = `${b.label} ${String(payload).slice(0, 200)}`;
        } else {
          payload = b.payload;
          contentType = b.contentType;
          label = `raw ${contentType} ${payload.slice(0, 100)}`;
        }
        const headers: Record<string, string> = { 'content-type': contentType };
        if (idempotencyKey !== null) headers['idempotency-key'] = idempotencyKey;
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/public/reports', headers, payload, remoteAddress });
        const where = `${remoteAddress} [${label}] → ${res.statusCode} ${res.body.slice(0, 300)}`;
        const code = res.statusCode >= 400 ? (res.json() as { error?: { code?: string } }).error?.code ?? '?' : '';
        stats[`${res.statusCode}${code ? ' ' + code : ''}`] = (stats[`${res.statusCode}${code ? ' ' + code : ''}`] ?? 0) + 1;
        expect(res.statusCode, where).toBeLessThan(500);
        const after = await state();
        if (res.statusCode >= 400) {
          const parsed = ErrorBody.safeParse(res.json());
          expect(parsed.success, where).toBe(true);
          const entry = errorCatalogue[parsed.data!.error.code as keyof typeof errorCatalogue];
          expect(entry, where).toBeDefined();
          expect(res.statusCode, where).toBe(entry.status);
          expect(after, `a refused request wrote: ${where}`).toEqual(before);
        } else {
          expect(res.statusCode, where).toBe(201);
          const { reference, pin } = res.json() as { reference: string; pin: string };
          expect(reference, where).toMatch(/^R-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
          expect(pin, where).toMatch(/^\d{6}$/);
          const replayed = res.headers['idempotent-replayed'] === 'true';
          expect(after.reports, where).toBe(before.reports + (replayed ? 0 : 1));
          const rows = await t.database.query<{ source: string; channel: string; status: string }>(
            'SELECT source, channel, status FROM reports WHERE reference = $1', [reference]);
          expect(rows, where).toEqual([{ source: 'public', channel: 'public_web', status: 'received' }]);
        }
        before = after;
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(`public report fuzz: ${RUNS} requests in ${seconds.toFixed(1)} s`, stats);
    // The generators reach past validation: successes and the service's own refusals both happen.
    expect(stats['201'] ?? 0).toBeGreaterThan(RUNS / 50);
    expect(Object.keys(stats).some((k) => k.startsWith('400 VALIDATION_FAILED'))).toBe(true);
    expect(Object.keys(stats).some((k) => k.startsWith('400 CHALLENGE_') || k.startsWith('422') || k.startsWith('429'))).toBe(true);
  }, 120_000);
});
