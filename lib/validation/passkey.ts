import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import * as z from "zod/mini";
import type { ErrorCode } from "./errors";
import { currentPasswordField, textField } from "./fields";

/** "Ajouter une clé d'accès": the current password first, as for a password change. */
export const addPasskeySchema = z.object({ currentPassword: currentPasswordField });
export type AddPasskeyInput = z.input<typeof addPasskeySchema>;

/** A passkey's new name: one line, as shown in the list and in emails. */
export const renamePasskeySchema = z.object({ passkeyId: z.uuid(), name: textField(1000, 60, { singleLine: true }) });
export type RenamePasskeyInput = z.input<typeof renamePasskeySchema>;

export const passkeyIdSchema = z.object({ passkeyId: z.uuid() });

/** The answer of POST /api/passkeys/sign-in-options: the options for the browser, or the form's error. */
export type PasskeySignInStart = { ok: true; options: PublicKeyCredentialRequestOptionsJSON } | { ok: false; formError?: ErrorCode };
