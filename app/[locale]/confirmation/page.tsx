import { requestPage } from "@/components/request-page";
import { requestConfirmationAction } from "./actions";

const page = requestPage({ namespace: "confirmation", action: requestConfirmationAction, invalidLink: false });
export const generateMetadata = page.generateMetadata;
export default page.Page;
