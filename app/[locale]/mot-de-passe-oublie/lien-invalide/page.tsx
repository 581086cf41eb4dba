import { requestPage } from "@/components/request-page";
import { requestResetAction } from "../actions";

// /mot-de-passe-oublie?code=invalidLink, where a refused email link lands (see lib/i18n/page-route.ts).
const page = requestPage({ namespace: "forgot", action: requestResetAction, invalidLink: true });
export const generateMetadata = page.generateMetadata;
export default page.Page;
