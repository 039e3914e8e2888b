import { generateSecret, generateURI, verifySync } from 'otplib';
import QRCode from 'qrcode';

export function newTotpSecret(): string {
  return generateSecret();
}

export async function enrolmentPayload(secret: string, username: string) {
  const otpauthUrl = generateURI({ secret, issuer: 'Phakhi', label: username });
  const qrDataUrl = await QRCode.toDataURL(otpauthUrl, { errorCorrectionLevel: 'M', margin: 1, width: 240 });
  return { secret, otpauthUrl, qrDataUrl };
}

/**
 * Returns the accepted time step, or null. One step of clock drift either side is tolerated;
 * a step at or before `lastStep` is refused so a code cannot be replayed.
 */
export function checkTotp(secret: string, code: string, lastStep: number | null): number | null {
  const r = verifySync({ secret, token: code, epochTolerance: 30, ...(lastStep !== null ? { afterTimeStep: lastStep } : {}) });
  if (!r.valid) return null;
  // otplib's timeStep is already the matched step (current step + delta); adding delta again
  // stored the wrong step (a drifted code could be replayed, or the next verify threw).
  return (r as unknown as { timeStep: number }).timeStep;
}
