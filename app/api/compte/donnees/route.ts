import { currentUser } from "@/lib/next/current-user";
import { clientInfo } from "@/lib/request/client-info";
import { sentByAnotherSite } from "@/lib/request/fetch-site";
import { downloadAccountData } from "@/lib/privacy/export";

export const dynamic = "force-dynamic";

const noStore = { "Cache-Control": "no-store" };

// A path on this site: the Host the request named is not ours to trust.
const seeOther = (path: string) => new Response(null, { status: 303, headers: { ...noStore, Location: path } });

/**
 * "Télécharger mes données" (lib/privacy/export.ts): the signed-in account's
 * data as a JSON attachment. The session is read again on this request; a
 * link from another site gets nothing (it would spend the export budget).
 */
export async function GET(request: Request) {
  if (sentByAnotherSite(request.headers)) return new Response(null, { status: 403, headers: noStore });
  const user = await currentUser();
  if (!user) return seeOther("/connexion?returnTo=%2Fcompte");
  const file = await downloadAccountData(user.id, clientInfo(request.headers));
  if (file === "rateLimited") return seeOther("/compte?code=rateLimited#data");
  if (!file) return new Response(null, { status: 404, headers: noStore });
  return new Response(file.json, {
    headers: {
      ...noStore,
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file.fileName}"`,
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** A HEAD would build the whole file, journal it and spend the budget, for no body: only GET downloads. */
export function HEAD() {
  return new Response(null, { status: 405, headers: { ...noStore, Allow: "GET" } });
}
