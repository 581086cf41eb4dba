import "server-only";
import { redirect } from "next/navigation";
import { requestClient } from "./request-context";
import { consumeEmailLink, UNAVAILABLE_PATH, type ButtonLinkFlow } from "./email-links";
import { orWhenUnavailable } from "@/lib/request/unavailable";

/**
 * The server action of an emailed link's button (components/email-link-page.tsx):
 * the only request that uses the link up. It works without JavaScript (the
 * form posts itself) and always answers with a redirect to the outcome.
 */
export function emailLinkAction(flow: ButtonLinkFlow) {
  return async (formData: FormData): Promise<void> => {
    // Whatever the field holds, the token module refuses what is not a token before any query.
    const token = formData.get("token");
    const client = await requestClient();
    const destination = await orWhenUnavailable(
      () => consumeEmailLink(flow, token, client),
      () => UNAVAILABLE_PATH,
    );
    redirect(destination);
  };
}
