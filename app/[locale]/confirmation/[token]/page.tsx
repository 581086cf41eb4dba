import { emailLinkPage } from "@/components/email-link-page";
import { confirmAccountAction } from "./actions";

// Checks the link on every request; never rendered at build time.
export const dynamic = "force-dynamic";

const page = emailLinkPage("confirm", confirmAccountAction);
export const generateMetadata = page.generateMetadata;
export default page.Page;
