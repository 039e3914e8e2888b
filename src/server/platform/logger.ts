import type { FastifyServerOptions } from 'fastify';

/**
 * pino options. Request logs are written by our own onResponse hook with the route *pattern*,
 * never the raw URL (a query string may carry a PIN), and no bodies or headers are logged.
 * Redaction is a second belt for anything that slips into a log object by mistake.
 */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    // Top-level keys only: wildcard paths made redaction a sixth of a request's CPU (bench/RESULTS.md),
    // and our log calls pass flat objects of ids and codes.
    redact: {
      paths: [
        'password', 'newPassword', 'currentPassword', 'token', 'authorization', 'cookie', 'username', 'nationalId',
        'phone', 'givenName', 'familyName', 'address', 'code', 'body', 'headers', 'query', 'url',
        'req.headers', 'req.url', 'req.body', 'err.message',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: () => ({}),
      res: () => ({}),
    },
  };
}
