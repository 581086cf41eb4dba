import type { ErrorCode } from "./errors";

// What a "Ce n'était pas moi" button answers: what it undid (lib/auth/not-me.ts), for the page to list.

export type UndoneView = {
  counts: {
    sessions: number;
    knownBrowsers: number;
    passkeys: number;
    emailChanges: number;
    recoveryAddress: number;
    recoveryRequests: number;
    twoStep: number;
  };
  passkeyDays: number;
  resetMinutes: number;
};

export type NotMeResult = { ok: true; undone: UndoneView } | { ok: false; formError: ErrorCode };
