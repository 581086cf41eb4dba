import * as z from "zod/mini";
import { currentPasswordField } from "./fields";

/** "Supprimer mon compte": the current password proves it is the owner. */
export const deleteAccountSchema = z.object({
  password: currentPasswordField,
});

export type DeleteAccountInput = z.input<typeof deleteAccountSchema>;
