import "server-only";
import { generate, generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";
import { now } from "@/lib/clock";

// RFC 6238 through otplib: SHA-1, 30-second steps, 6 digits, one step of
// drift either way (a phone's clock a little off, a code typed as it turns).
// Which steps were already used is not otplib's business: two-step.ts keeps
// the last accepted step and refuses any step not after it, in the same
// conditional UPDATE that accepts it, so two parallel posts of one code
// cannot both pass.

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** ±1 step: otplib checks every step that [epoch − 30 s, epoch + 30 s] touches. */
const EPOCH_TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;
const ISSUER = "Sésame";

/** A new secret: 20 random bytes (160 bits, RFC 4226's recommended length), base32. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

const epochOf = (at: Date) => Math.floor(at.getTime() / 1000);

/** The time step a code matched (RFC 6238's T), or null for a wrong code. */
export async function matchTotp(secret: string, code: string, at: Date = now()): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  try {
    const result = await verify({ secret, token: code, epoch: epochOf(at), epochTolerance: EPOCH_TOLERANCE_SECONDS });
    return result.valid && "timeStep" in result ? result.timeStep : null;
  } catch {
    // A secret otplib refuses (never one we made) is a wrong code, not an error page.
    return null;
  }
}

/** The code of a moment (tests, and the e2e fixtures' authenticator). */
export function totpAt(secret: string | Uint8Array, at: Date): Promise<string> {
  return generate({ secret, epoch: epochOf(at) });
}

/** The otpauth:// URI an authenticator app scans, labelled with the account's address. */
export function totpUri(secret: string, email: string): string {
  return generateURI({ issuer: ISSUER, label: email, secret });
}

/** The QR code of that URI, as SVG made here: the secret never goes to a third-party image service. */
export function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}

/** "ABCD EFGH …": the key typed by hand is read in groups of 4. */
export function groupedKey(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(" ") ?? secret;
}
