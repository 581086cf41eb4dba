import { AppLink } from "@/components/app-link";
import { getTranslations } from "next-intl/server";

/** The body of every 404: a URL no page matches, and a page that refuses to exist for this visitor (/support). */
export async function NotFoundContent() {
  const t = await getTranslations("errors");
  return (
    <>
      <h1 className="text-2xl font-bold">{t("notFoundTitle")}</h1>
      <p className="mt-4">{t("notFound")}</p>
      <p className="mt-4">
        <AppLink href="/connexion">{t("notFoundAction")}</AppLink>
      </p>
    </>
  );
}
