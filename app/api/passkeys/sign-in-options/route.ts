import { startPasskeySignIn } from "@/lib/auth/passkeys/assertion";
import { clientInfo } from "@/lib/request/client-info";
import { setAppCookie } from "@/lib/request/cookies";
import { sentByAnotherSite } from "@/lib/request/fetch-site";
import { orWhenUnavailable } from "@/lib/request/unavailable";
import type { PasskeySignInStart } from "@/lib/validation/passkey";

export const dynamic = "force-dynamic";

const noStore = { "Cache-Control": "no-store" };

/**
 * The challenge of a passkey sign-in, for /connexion's autofill (started by
 * itself once the page is idle) and its button. A route rather than a server
 * action: Next runs a page's actions one after the other and sends each to
 * the page the browser is on when its turn comes, so the autofill's request,
 * started while the password form's answer was on its way, reached /compte,
 * which has no such action (a 409). A fetch is nobody's turn.
 * Another site's script gets nothing: it would spend the visitor's limit.
 */
export async function POST(request: Request) {
  if (sentByAnotherSite(request.headers)) return new Response(null, { status: 403, headers: noStore });
  const body = await orWhenUnavailable<PasskeySignInStart>(
    async () => {
      const start = await startPasskeySignIn(clientInfo(request.headers));
      if (!start.ok) return { ok: false, formError: start.code };
      await setAppCookie(start.cookie, "strict");
      return { ok: true, options: start.options };
    },
    () => ({ ok: false, formError: "unavailable" }),
  );
  return Response.json(body, { headers: noStore });
}
