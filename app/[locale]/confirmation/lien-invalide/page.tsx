import { requestPage } from "@/components/request-page";
import { requestConfirmationAction } from "../actions";

// /confirmation?code=invalidLink, where a refused email link lands (see lib/i18n/page-route.ts).
const page = requestPage({ namespace: "confirmation", action: requestConfirmationAction, invalidLink: true });
export const generateMetadata = page.generateMetadata;
export default page.Page;
