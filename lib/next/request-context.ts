import "server-only";
import { randomInt } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { headers } from "next/headers";
import { after } from "next/server";
import { getLocale } from "next-intl/server";
import type { Locale } from "@/lib/i18n/config";
import { clientInfo, type ClientInfo } from "@/lib/request/client-info";
import { log } from "@/lib/observability/log";
import { trackDeferredWork } from "@/lib/request/deferred-work";

// What server actions need from the request they serve.

export async function requestClient(): Promise<ClientInfo> {
  return clientInfo(await headers());
}

export async function requestLocale(): Promise<Locale> {
  return (await getLocale()) as Locale;
}

/**
 * Whether the form was posted by the browser itself (JavaScript off, or the
 * page not hydrated yet): React names the action in a `Next-Action` header
 * when it posts; a plain form post names it in its fields. Such a post is
 * answered with a whole page.
 */
export async function postedWithoutJavaScript(): Promise<boolean> {
  return !(await headers()).has("next-action");
}

// Email work starts at a random moment within this long after the response.
// What its cost that depends on the account (a token row, or none) then lands
// on whichever requests run at that moment, not on the one a prober sends
// right after theirs. The email is queued at most this much later.
const DELIVERY_SPREAD_MS = 250;

/** Starts email work once the response is sent (see DeferredRequest); failures are logged. */
export function finishAfterResponse(work: () => Promise<unknown>, label: string): void {
  const done = trackDeferredWork();
  after(async () => {
    try {
      await sleep(randomInt(DELIVERY_SPREAD_MS));
      await work().catch((error: unknown) => {
        log().error({ event: "deferred.failed", work: label, err: error }, "deferred work failed");
      });
    } finally {
      done();
    }
  });
}
