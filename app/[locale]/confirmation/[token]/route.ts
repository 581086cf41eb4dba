import { confirmAccountByToken } from "@/lib/auth/confirmation";
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
  const result = await confirmAccountByToken(token, clientInfo(request.headers));
  if (result === "confirmed") return tokenRedirect("/connexion?notice=confirmed");
  if (result === "alreadyConfirmed") return tokenRedirect("/connexion?error=alreadyConfirmed");
  return tokenRedirect("/confirmation?error=invalidLink");
}
