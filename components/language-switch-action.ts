"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { LOCALE_COOKIE, isLocale } from "@/lib/i18n/config";
import { safeReturnPath } from "@/lib/validation/return-path";

/** The FR/EN switch: remembers the choice for a year and reloads the same page. */
export async function setLocale(formData: FormData): Promise<void> {
  const locale = formData.get("locale");
  if (isLocale(locale)) {
    (await cookies()).set(LOCALE_COOKIE, locale, {
      maxAge: 60 * 60 * 24 * 365,
      sameSite: "lax",
      path: "/",
      httpOnly: false,
      secure: process.env.NODE_ENV === "production",
    });
  }
  const path = formData.get("returnTo");
  const query = formData.get("returnQuery");
  redirect(safeReturnPath(typeof path === "string" && typeof query === "string" && query ? `${path}?${query}` : path) ?? "/");
}
