/**
 * Child process for the reports-public benchmark (forked by reports-public.ts, like lib/load-worker.ts):
 *  - `solve`: solves proof-of-work tokens (the real `solve` of proof-of-work.ts) so several cores can
 *    prepare challenges before the run;
 *  - `run`: drives `POST /api/v1/public/reports` with autocannon, each request a distinct valid body
 *    with its own pre-solved challenge and Idempotency-Key, and collects the references of the 201s.
 */
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { solve } from '../src/server/modules/reports/proof-of-work.js';
import { percentileSorted } from './lib/stats.js';

export interface SolvedChallenge {
  token: string;
  counter: number;
}

export interface PublicLoadJob {
  url: string;
  connections: number;
  durationS: number;
  challenges: SolvedChallenge[];
  /** Province code → its district codes (a body names a district of its own province, or none). */
  areas: Record<string, string[]>;
  /** Prefix of the Idempotency-Keys, distinct per run. */
  keyPrefix: string;
  /** autocannon's per-request timeout, seconds. */
  timeoutS: number;
}

export interface PublicLoadResult {
  requestsPerSecond: number;
  /** 201s per second over the measured time. */
  acceptedPerSecond: number;
  latencyP50: number;
  latencyP99: number;
  /** Latency of every response, whatever its status. */
  latencyAllP50: number;
  latencyAllP99: number;
  latencyMax: number;
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationS: number;
  /** "201", "400 CHALLENGE_INVALID", … → count. */
  statuses: Record<string, number>;
  /** Requests sent after the pre-solved challenges ran out (they re-use one and are refused). */
  exhausted: number;
  /** 201s in each second of the run, to show how throughput moves as the table grows. */
  acceptedBySecond: number[];
  references: string[];
  /** A few (reference, PIN) pairs for the status check afterwards. */
  pins: { reference: string; pin: string }[];
}

export type ReportsWorkerMessage =
  | { kind: 'solve'; id: number; tokens: string[]; difficulty: number }
  | { kind: 'run'; id: number; job: PublicLoadJob }
  | { kind: 'exit' };
export type ReportsWorkerReply =
  | { kind: 'ready' }
  | { kind: 'solved'; id: number; counters: number[] }
  | { kind: 'result'; id: number; result: PublicLoadResult }
  | { kind: 'error'; id: number; message: string };

// Words people write in reports (Thai, English, Burmese, Lao, Khmer), combined at random so that
// bodies differ as real ones do and the duplicate check sees mostly unrelated texts.
const words = [
  'แรงงาน', 'เด็ก', 'ผู้หญิง', 'ถูกบังคับ', 'ทำงาน', 'โรงงาน', 'เรือประมง', 'ร้านคาราโอเกะ', 'ไม่ได้รับค่าจ้าง', 'ยึดบัตร', 'ขังไว้',
  'กลางคืน', 'ชายแดน', 'นายหน้า', 'หลอกลวง', 'ต่างประเทศ', 'ขอทาน', 'ตลาด', 'สวนยาง', 'ไร่อ้อย', 'ก่อสร้าง', 'แม่บ้าน', 'ทุบตี',
  'หนี้', 'พาสปอร์ต', 'รถตู้', 'ท่าเรือ', 'บ้านพัก', 'ออนไลน์', 'เฟซบุ๊ก', 'ไลน์', 'สแกมเมอร์', 'คอลเซ็นเตอร์', 'อายุน้อย', 'ชาวเมียนมา',
  'ชาวลาว', 'ชาวกัมพูชา', 'workers', 'locked', 'factory', 'boat', 'crew', 'unpaid', 'passports', 'taken', 'night', 'border', 'agent',
  'recruiter', 'promised', 'jobs', 'abroad', 'children', 'begging', 'market', 'karaoke', 'bar', 'debt', 'beaten', 'van', 'port',
  'အလုပ်ရုံ', 'ပိတ်ထား', 'မိန်းကလေး', 'ငွေမပေး', 'ແຮງງານ', 'ກັກຂັງ', 'កម្មករ', 'ឃុំឃាំង', 'rubber', 'plantation', 'construction',
  'domestic', 'helper', 'scam', 'compound', 'online', 'call', 'centre', 'kept', 'inside', 'guards', 'weapons', 'injured', 'sick',
];
const nationalities = ['MMR', 'LAO', 'KHM', 'THA', 'VNM'];
const languages = ['th', 'th', 'th', 'en', 'my', 'lo', 'km'];

function pick<T>(xs: readonly T[]): T {
  return xs[Math.floor(Math.random() * xs.length)]!;
}

export function bodyFor(i: number, challenge: SolvedChallenge, areas: Record<string, string[]>, provinces: string[]): string {
  const n = 8 + Math.floor(Math.random() * 14);
  const text: string[] = [];
  for (let k = 0; k < n; k++) text.push(pick(words));
  const body: Record<string, unknown> = {
    description: `${text.join(' ')} (${i})`,
    language: pick(languages),
    challenge,
  };
  if (Math.random() < 0.9) {
    const p = pick(provinces);
    body.provinceCode = p;
    if (Math.random() < 0.5 && areas[p]!.length) body.districtCode = pick(areas[p]!);
  }
  if (Math.random() < 0.5) body.nationality = pick(nationalities);
  if (Math.random() < 0.4) body.peopleCount = 1 + Math.floor(Math.random() * 30);
  if (Math.random() < 0.3) body.approxAge = 10 + Math.floor(Math.random() * 40);
  if (Math.random() < 0.05) body.immediateDanger = true;
  if (Math.random() < 0.08) body.childrenInvolved = 'yes';
  if (Math.random() < 0.3) body.contactPhone = `08${Math.floor(Math.random() * 1e8).toString().padStart(8, '0')}`;
  if (Math.random() < 0.1) body.contactLine = `line.${randomBytes(4).toString('hex')}`;
  return JSON.stringify(body);
}

function run(job: PublicLoadJob): Promise<PublicLoadResult> {
  const provinces = Object.keys(job.areas);
  const url = new URL(job.url);
  let next = 0;
  let exhausted = 0;
  const references: string[] = [];
  const pins: { reference: string; pin: string }[] = [];
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  const all: number[] = [];
  const acceptedBySecond: number[] = [];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon({
      url: url.origin,
      connections: job.connections,
      duration: job.durationS,
      timeout: job.timeoutS,
      pipelining: 1,
      requests: [{
        method: 'POST',
        path: url.pathname,
        setupRequest: (req: autocannon.Request) => {
          const i = next++;
          let challenge = job.challenges[i];
          if (!challenge) {
            exhausted++;
            challenge = job.challenges[job.challenges.length - 1]!;
          }
          return {
            ...req,
            headers: { ...req.headers, 'content-type': 'application/json', 'idempotency-key': `${job.keyPrefix}-${i}` },
            body: bodyFor(i, challenge, job.areas, provinces),
          };
        },
        onResponse: (status: number, body: string) => {
          if (status === 201) {
            const r = JSON.parse(body) as { reference: string; pin: string };
            references.push(r.reference);
            const sec = Math.floor((performance.now() - started) / 1000);
            acceptedBySecond[sec] = (acceptedBySecond[sec] ?? 0) + 1;
            if (pins.length < 200 && references.length % 50 === 0) pins.push(r);
            statuses['201'] = (statuses['201'] ?? 0) + 1;
          } else {
            let code = '';
            try {
              code = (JSON.parse(body) as { error?: { code?: string } }).error?.code ?? '';
            } catch { /* not JSON */ }
            const k = `${status}${code ? ' ' + code : ''}`;
            statuses[k] = (statuses[k] ?? 0) + 1;
          }
        },
      }],
    } as autocannon.Options, (err: unknown, r: autocannon.Result) => {
      if (err) return reject(err instanceof Error ? err : new Error(String(err)));
      const sorted = Float64Array.from(latencies).sort();
      const sortedAll = Float64Array.from(all).sort();
      resolve({
        requestsPerSecond: r.requests.average,
        acceptedPerSecond: references.length / (r.duration || job.durationS),
        latencyP50: percentileSorted(sorted, 50),
        latencyP99: percentileSorted(sorted, 99),
        latencyAllP50: percentileSorted(sortedAll, 50),
        latencyAllP99: percentileSorted(sortedAll, 99),
        latencyMax: sortedAll.length ? sortedAll[sortedAll.length - 1]! : Number.NaN,
        sent: next,
        ok: r['2xx'],
        non2xx: r.non2xx,
        errors: r.errors,
        timeouts: r.timeouts,
        durationS: r.duration,
        statuses,
        exhausted,
        acceptedBySecond: Array.from({ length: Math.min(acceptedBySecond.length, Math.ceil(job.durationS)) }, (_, i) => acceptedBySecond[i] ?? 0),
        references,
        pins,
      });
    });
    instance.on('response', (_client, status, _bytes, responseTime) => {
      all.push(responseTime);
      if (status >= 200 && status < 300) latencies.push(responseTime);
    });
  });
}

process.on('message', (msg: ReportsWorkerMessage) => {
  if (msg.kind === 'exit') {
    process.disconnect?.();
    return;
  }
  if (msg.kind === 'solve') {
    try {
      process.send?.({ kind: 'solved', id: msg.id, counters: msg.tokens.map((t) => solve(t, msg.difficulty)) } satisfies ReportsWorkerReply);
    } catch (err) {
      process.send?.({ kind: 'error', id: msg.id, message: err instanceof Error ? err.message : String(err) } satisfies ReportsWorkerReply);
    }
    return;
  }
  run(msg.job).then(
    (result) => process.send?.({ kind: 'result', id: msg.id, result } satisfies ReportsWorkerReply),
    (err: unknown) => process.send?.({ kind: 'error', id: msg.id, message: err instanceof Error ? err.message : String(err) } satisfies ReportsWorkerReply),
  );
});
process.send?.({ kind: 'ready' } satisfies ReportsWorkerReply);
