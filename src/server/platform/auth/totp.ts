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
  // The matched step: the current step shifted by the drift otplib found.
  const { timeStep, delta } = r as unknown as { timeStep: number; delta: number };
  return timeStep + (delta ?? 0);
}
