"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { signOut } from "@/lib/auth/auth";
import { currentUser } from "@/lib/auth/current-user";
import { forgetDevice } from "@/lib/auth/known-device";

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/connexion?notice=signedOut" });
}

const forgetDeviceSchema = z.object({ deviceId: z.uuid() });

/** Re-checks the session: the device must belong to whoever is signed in. */
export async function forgetDeviceAction(formData: FormData): Promise<void> {
  const user = await currentUser();
  const parsed = forgetDeviceSchema.safeParse({ deviceId: formData.get("deviceId") });
  if (!user || !parsed.success) return;
  await forgetDevice(user.id, parsed.data.deviceId);
  revalidatePath("/compte");
}
