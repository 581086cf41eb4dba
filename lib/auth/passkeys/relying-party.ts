import "server-only";
import { appUrl } from "@/lib/env";

// Passkeys (WebAuthn discoverable credentials), verified by
// @simplewebauthn/server: the modules of this folder only choose the options
// (registration, assertion), keep the challenges (challenges), check the
// shape of what browsers send (schemas) and store the credentials
// (registration, management). They are for APP_URL's host name and origin,
// never the request's Host: a deployment answers passkeys made for its own
// APP_URL only.

export const RP_NAME = "Sésame";

/** Relying party id and origin: APP_URL's host name and origin (a passkey made for one never answers another). */
export function relyingParty(): { id: string; origin: string } {
  const url = new URL(appUrl());
  return { id: url.hostname, origin: url.origin };
}

/** A user id as the WebAuthn user handle: the uuid's 16 bytes. */
export function userHandleOf(userId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(userId.replace(/-/g, ""), "hex"));
}
