/**
 * Mail settings, from the environment like every setting (README lists them):
 *  - SMTP_URL: e.g. `smtps://user:pass@mail.example.go.th:465`; unset, mail stays in the outbox for an
 *    administrator to read (GET /api/v1/admin/outbox);
 *  - PHAKHI_MAIL_FROM: the sender, default `Phakhi <no-reply@localhost>`;
 *  - PHAKHI_PUBLIC_URL: where the web app is reached, for links in mail (default http://localhost:3000).
 * Read when used, not at import, so a test can set them.
 */
export interface MailSettings {
  smtpUrl: string | undefined;
  from: string;
  publicUrl: string;
}

export function mailSettings(env: NodeJS.ProcessEnv = process.env): MailSettings {
  return {
    smtpUrl: env.SMTP_URL || undefined,
    from: env.PHAKHI_MAIL_FROM || 'Phakhi <no-reply@localhost>',
    publicUrl: (env.PHAKHI_PUBLIC_URL || 'http://localhost:3000').replace(/\/+$/, ''),
  };
}
