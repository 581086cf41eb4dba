import { unlockByToken } from "@/lib/auth/lockout";
import { clientInfo } from "@/lib/http/client-info";
import { tokenRedirect } from "@/lib/http/token-redirect";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const unlocked = await unlockByToken(token, clientInfo(request.headers));
  return tokenRedirect(unlocked ? "/connexion?notice=unlocked" : "/deverrouillage?error=invalidLink");
}
