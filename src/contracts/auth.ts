import { z } from 'zod';
import { Permission, RoleName, ScopeLevel } from './access.js';
import { NewPassword } from './common.js';

export const LoginRequest = z.strictObject({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(256),
});
export const LoginResponse = z.object({
  mfaRequired: z.boolean(),
  /** The user holds a role that needs a second factor and has none enrolled yet. */
  mfaEnrolmentRequired: z.boolean(),
  passwordChangeRequired: z.boolean(),
  csrfToken: z.string(),
});
export const MfaRequest = z.strictObject({ code: z.string().regex(/^\d{6}$/, '6 digits') });
export const CsrfResponse = z.object({ csrfToken: z.string() });

export const MfaEnrolStart = z.object({ secret: z.string(), otpauthUrl: z.string(), qrDataUrl: z.string() });
export const MfaEnrolConfirm = z.strictObject({ code: z.string().regex(/^\d{6}$/, '6 digits') });

export const ChangePasswordRequest = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: NewPassword,
});

export const Me = z.object({
  user: z.object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    email: z.string().nullable(),
    mfaEnabled: z.boolean(),
    mustChangePassword: z.boolean(),
  }),
  organisation: z.object({
    id: z.uuid(),
    nameTh: z.string(),
    nameEn: z.string(),
    provinceCode: z.string().nullable(),
  }),
  roles: z.array(RoleName),
  permissions: z.array(Permission),
  scope: ScopeLevel,
  mfaRequired: z.boolean(),
  /** What this session still owes before it may work: 'complete' once signed in fully. */
  signInStage: z.enum(['complete', 'mfa', 'mfa_enrolment', 'password_change']),
  authenticatedBy: z.enum(['session', 'token']),
});
export type Me = z.infer<typeof Me>;

export const SessionInfo = z.object({
  id: z.uuid(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  ipAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
export const SessionList = z.object({ items: z.array(SessionInfo) });
