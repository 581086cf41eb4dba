import { unlockByToken } from "@/lib/auth/lockout";
import { clientInfo } from "@/lib/http/client-info";
import { tokenRedirect } from "@/lib/http/token-redirect";
import { orWhenUnavailable } from "@/lib/http/unavailable";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  // The link stays unused when the database cannot be reached: it works again later.
  return orWhenUnavailable(
    () => answer(token, request),
    () => tokenRedirect("/connexion?code=unavailable"),
  );
}

async function answer(token: string, request: Request): Promise<Response> {
  const unlocked = await unlockByToken(token, clientInfo(request.headers));
  return tokenRedirect(unlocked ? "/connexion?notice=unlocked" : "/deverrouillage?error=invalidLink");
}
