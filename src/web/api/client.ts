import i18n from 'i18next';
import { ErrorBody } from '../../contracts/errors.js';

/** One field error as the server reports it (`path` is dotted, e.g. `roles.0`). */
export interface FieldProblem {
  path: string;
  message: string;
  messageTh?: string | undefined;
}

/** A field error in the UI's language (the server sends Thai beside English). */
export function fieldText(f: FieldProblem): string {
  return i18n.language?.startsWith('th') && f.messageTh ? f.messageTh : f.message;
}

/** An error answered by the API (or a network failure, status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messageTh: string;
  readonly fields: FieldProblem[];

  constructor(status: number, code: string, message: string, messageTh: string, fields: FieldProblem[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.messageTh = messageTh;
    this.fields = fields;
  }
}

/** Message for the current UI language: the server's Thai text in Thai, its English text otherwise. */
export function errorMessage(err: unknown, lang: string, fallback: { th: string; en: string }): string {
  const th = lang.startsWith('th');
  if (err instanceof ApiError && err.code !== 'NETWORK' && err.code !== 'BAD_RESPONSE') {
    const text = th ? err.messageTh || err.message : err.message || err.messageTh;
    if (text) return text;
  }
  return th ? fallback.th : fallback.en;
}

type UnauthorizedHandler = () => void;
let onUnauthorized: UnauthorizedHandler = () => {};
/** Called when a request answers 401 (the session ended or never existed): the app goes to sign-in. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler;
}

// The CSRF token lives in memory only (never localStorage); it is fetched again after a reload.
let csrfToken: string | null = null;
let csrfPending: Promise<string | null> | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

async function loadCsrfToken(): Promise<string | null> {
  if (csrfToken) return csrfToken;
  if (!csrfPending) {
    csrfPending = (async () => {
      try {
        const res = await fetch('/api/v1/auth/csrf', {
          credentials: 'same-origin',
          headers: { Accept: 'application/json' },
        });
        if (!res.ok) return null;
        const body = (await res.json()) as { csrfToken?: unknown };
        csrfToken = typeof body.csrfToken === 'string' ? body.csrfToken : null;
        return csrfToken;
      } catch {
        return null;
      } finally {
        csrfPending = null;
      }
    })();
  }
  return csrfPending;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | null | undefined>;
  /** Sign-in and its steps answer 401 for wrong credentials: do not bounce to the sign-in page. */
  noAuthRedirect?: boolean;
  signal?: AbortSignal;
  /** Extra request headers (e.g. `Idempotency-Key`). */
  headers?: Record<string, string>;
}

function buildUrl(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function parseError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  const parsed = ErrorBody.safeParse(body);
  if (parsed.success) {
    const e = parsed.data.error;
    return new ApiError(res.status, e.code, e.message, e.messageTh, e.fields ?? []);
  }
  return new ApiError(res.status, `HTTP_${res.status}`, `Request failed (${res.status})`, `คำขอไม่สำเร็จ (${res.status})`);
}

async function send(path: string, opts: RequestOptions): Promise<Response> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') {
    const token = await loadCsrfToken();
    if (token) headers['X-CSRF-Token'] = token;
  }
  try {
    return await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
      cache: 'no-store',
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', 'Cannot reach the server. Check the connection and try again.',
      'ติดต่อเซิร์ฟเวอร์ไม่ได้ โปรดตรวจสอบการเชื่อมต่อแล้วลองอีกครั้ง');
  }
}

function isCsrfFailure(err: ApiError): boolean {
  return err.status === 403 && /CSRF/i.test(err.code);
}

/** Calls the API and returns its JSON body (or `undefined` for 204). Throws {@link ApiError}. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  let res = await send(path, opts);
  if (!res.ok) {
    let err = await parseError(res);
    if ((opts.method ?? 'GET') !== 'GET' && isCsrfFailure(err)) {
      // The token may have rotated (new session): fetch a fresh one and try once more.
      csrfToken = null;
      res = await send(path, opts);
      if (res.ok) return readBody<T>(res);
      err = await parseError(res);
    }
    if (err.status === 401 && !opts.noAuthRedirect) {
      csrfToken = null;
      onUnauthorized();
    }
    throw err;
  }
  return readBody<T>(res);
}

async function readBody<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(res.status, 'BAD_RESPONSE', 'The server sent an unreadable answer.', 'เซิร์ฟเวอร์ตอบกลับในรูปแบบที่อ่านไม่ได้');
  }
}

/** Server field errors keyed by the first path segment, ready for a Mantine form's `setErrors`. */
export function fieldErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (err instanceof ApiError) {
    for (const f of err.fields) {
      const key = f.path.split('.')[0] ?? f.path;
      if (key && !out[key]) out[key] = fieldText(f);
    }
  }
  return out;
}
