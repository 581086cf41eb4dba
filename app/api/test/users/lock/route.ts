import { lockTestUser } from "@/lib/auth/test-users";
import { clientInfo } from "@/lib/request/client-info";
import { byEmailRoute } from "../by-email";

export const dynamic = "force-dynamic";

/** Locks an account's shared path as the maximum of wrong passwords would (unlock email included). Same gate as the factory. */
export const POST = byEmailRoute((email, request) => lockTestUser(email, clientInfo(request.headers)));
