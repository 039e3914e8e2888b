import { api, setCsrfToken } from '../../api/client.js';
import type { LoginResponseT, MfaEnrolStartT } from '../../api/types.js';

/** Some auth answers rotate the session and so carry a new CSRF token; keep it when they do. */
function keepCsrf<T>(body: T): T {
  const token = (body as { csrfToken?: unknown } | undefined)?.csrfToken;
  if (typeof token === 'string') setCsrfToken(token);
  return body;
}

export async function login(username: string, password: string): Promise<LoginResponseT> {
  setCsrfToken(null);
  return keepCsrf(await api<LoginResponseT>('/api/v1/auth/login', { method: 'POST', body: { username, password }, noAuthRedirect: true }));
}

export async function verifyMfa(code: string): Promise<Partial<LoginResponseT> | undefined> {
  return keepCsrf(await api<Partial<LoginResponseT> | undefined>('/api/v1/auth/mfa', { method: 'POST', body: { code }, noAuthRedirect: true }));
}

export async function startMfaEnrolment(): Promise<MfaEnrolStartT> {
  return api<MfaEnrolStartT>('/api/v1/auth/mfa/enrol', { method: 'POST', body: {}, noAuthRedirect: true });
}

export async function confirmMfaEnrolment(code: string): Promise<unknown> {
  return keepCsrf(await api<unknown>('/api/v1/auth/mfa/enrol/confirm', { method: 'POST', body: { code }, noAuthRedirect: true }));
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<unknown> {
  return keepCsrf(await api<unknown>('/api/v1/auth/password', { method: 'POST', body: { currentPassword, newPassword }, noAuthRedirect: true }));
}

export async function logout(): Promise<void> {
  try {
    await api<unknown>('/api/v1/auth/logout', { method: 'POST', body: {}, noAuthRedirect: true });
  } finally {
    setCsrfToken(null);
  }
}

export async function logoutAll(): Promise<void> {
  try {
    await api<unknown>('/api/v1/auth/logout-all', { method: 'POST', body: {}, noAuthRedirect: true });
  } finally {
    setCsrfToken(null);
  }
}
