import type { FastifyServerOptions } from 'fastify';

/**
 * pino options. Request logs are written by our own onResponse hook with the route *pattern*,
 * never the raw URL (a query string may carry a PIN), and no bodies or headers are logged.
 * Redaction is a second belt for anything that slips into a log object by mistake.
 */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: {
      paths: [
        'password', '*.password', 'newPassword', '*.newPassword', 'currentPassword', '*.currentPassword',
        'token', '*.token', 'authorization', '*.authorization', 'cookie', '*.cookie', 'username', '*.username',
        'nationalId', '*.nationalId', 'phone', '*.phone', 'givenName', '*.givenName', 'familyName', '*.familyName',
        'address', '*.address', 'code', '*.body', 'body', 'headers', '*.headers',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: () => ({}),
      res: () => ({}),
    },
  };
}
