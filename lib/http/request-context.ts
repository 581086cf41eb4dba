import "server-only";
import { headers } from "next/headers";
import { after } from "next/server";
import { getLocale } from "next-intl/server";
import type { Locale } from "@/lib/i18n/config";
import { clientInfo, type ClientInfo } from "./client-info";

// What server actions need from the request they serve.

export async function requestClient(): Promise<ClientInfo> {
  return clientInfo(await headers());
}

export async function requestLocale(): Promise<Locale> {
  return (await getLocale()) as Locale;
}

/** Starts email work once the response is sent (see DeferredRequest); failures are logged. */
export function finishAfterResponse(work: () => Promise<unknown>, label: string): void {
  after(() =>
    work().catch((error: unknown) => {
      console.error(`[${label}] deferred work failed: ${(error as Error).message}`);
    }),
  );
}
