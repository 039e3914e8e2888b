import { z } from 'zod';

// Every setting comes from the environment; the README lists them with these defaults.
const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().optional(),
  PHAKHI_DATA_DIR: z.string().default('./data'),
  PHAKHI_DATA_KEY: z.string().optional(),
  PHAKHI_DEMO: z.enum(['0', '1']).optional(),
  PHAKHI_PUBLIC_URL: z.string().optional(),
  // 0: no proxy; N: N reverse proxies in front (1 = one); or the proxies' addresses / CIDR ranges, comma-separated.
  PHAKHI_TRUST_PROXY: z.string().trim().regex(/^(\d{1,2}|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/, 'a number of proxies, or proxy addresses / CIDR ranges separated by commas').default('0'),
  PHAKHI_SESSION_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
  PHAKHI_PUBLIC_REPORTS_PER_HOUR: z.coerce.number().int().min(1).default(10),
  PHAKHI_STATUS_CHECKS_PER_15MIN: z.coerce.number().int().min(1).default(10),
  PHAKHI_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  dataKey: string | undefined;
  /** Seed demo organisations and logins. Default: on for the embedded database, off for PostgreSQL. */
  demo: boolean;
  /** Cookies get `Secure` when the public URL is https. */
  secureCookies: boolean;
  /** Which proxies' X-Forwarded-For to believe: none (false), the nearest N, or those at these addresses. Never all. */
  trustProxy: false | number | string[];
  logLevel: z.infer<typeof Env>['PHAKHI_LOG_LEVEL'];
  /** Public reports accepted per client address per hour (abuse resistance, issue 4). */
  publicReportsPerHour: number;
  /** Public status checks (reference + PIN) per client address per 15 minutes. */
  statusChecksPer15Min: number;
  /** Reuse a looked-up session for this long without a database round trip (0 = off). */
  sessionCacheMs: number;
  production: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = Env.parse(env);
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL || undefined,
    dataDir: e.PHAKHI_DATA_DIR,
    dataKey: e.PHAKHI_DATA_KEY,
    demo: e.PHAKHI_DEMO ? e.PHAKHI_DEMO === '1' : !e.DATABASE_URL,
    secureCookies: (e.PHAKHI_PUBLIC_URL ?? '').startsWith('https://'),
    trustProxy: parseTrustProxy(e.PHAKHI_TRUST_PROXY),
    logLevel: e.PHAKHI_LOG_LEVEL,
    sessionCacheMs: e.PHAKHI_SESSION_CACHE_MS,
    publicReportsPerHour: e.PHAKHI_PUBLIC_REPORTS_PER_HOUR,
    statusChecksPer15Min: e.PHAKHI_STATUS_CHECKS_PER_15MIN,
    production: e.NODE_ENV === 'production',
  };
}

/**
 * Trusting every hop (Fastify's `true`) would let a client name its own address in X-Forwarded-For and
 * so escape the per-address limits of sign-in and public reports: trust a count of proxies (the address
 * the nearest N appended) or the proxies at given addresses.
 */
export function parseTrustProxy(v: string): false | number | string[] {
  if (/^\d+$/.test(v)) return Number(v) === 0 ? false : Number(v);
  return v.split(',').map((a) => a.trim()).filter(Boolean);
}
