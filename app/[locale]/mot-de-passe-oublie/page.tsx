import { requestPage } from "@/components/request-page";
import { requestResetAction } from "./actions";

const page = requestPage({ namespace: "forgot", action: requestResetAction, invalidLink: false });
export const generateMetadata = page.generateMetadata;
export default page.Page;
