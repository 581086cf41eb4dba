import * as z from "zod/mini";
import { currentPasswordField, emailField } from "./fields";

/** "Adresse de secours" on /compte: the address, and the current password that proves it is the owner. */
export const recoveryAddressSchema = z.object({
  recoveryEmail: emailField,
  password: currentPasswordField,
});

export type RecoveryAddressInput = z.input<typeof recoveryAddressSchema>;
