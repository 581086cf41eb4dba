import { requestPage } from "@/components/request-page";
import { requestUnlockAction } from "../actions";

// /deverrouillage?code=invalidLink, where a refused email link lands (see lib/i18n/page-route.ts).
const page = requestPage({ namespace: "unlock", action: requestUnlockAction, invalidLink: true });
export const generateMetadata = page.generateMetadata;
export default page.Page;
