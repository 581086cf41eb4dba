import { requestPage } from "@/components/request-page";
import { requestUnlockAction } from "./actions";

const page = requestPage({ namespace: "unlock", action: requestUnlockAction, invalidLink: false });
export const generateMetadata = page.generateMetadata;
export default page.Page;
