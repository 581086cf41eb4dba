import { confirmEmailChangeByToken } from "@/lib/auth/email-change";
import { clientInfo } from "@/lib/http/client-info";
import { tokenRedirect } from "@/lib/http/token-redirect";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const result = await confirmEmailChangeByToken(token, clientInfo(request.headers));
  if (result === "changed") return tokenRedirect("/connexion?notice=emailChanged");
  return tokenRedirect(`/connexion?code=${result === "taken" ? "emailTaken" : "invalidLink"}`);
}
