import { plainTextSelectors, render } from "@react-email/render";
import { compile } from "html-to-text";
import { createElement, type ComponentType } from "react";
import ConfirmAccount, * as confirmAccount from "./confirm-account";
import ConfirmEmailChange, * as confirmEmailChange from "./confirm-email-change";
import EmailChangeNotice, * as emailChangeNotice from "./email-change-notice";
import ContactMessage, * as contactMessage from "./contact-message";
import PasswordChanged, * as passwordChanged from "./password-changed";
import ResetPassword, * as resetPassword from "./reset-password";
import NoAccount, * as noAccount from "./no-account";
import NotLocked, * as notLocked from "./not-locked";
import NewDeviceAlert, * as newDeviceAlert from "./new-device-alert";
import PasskeyNotice, * as passkeyNotice from "./passkey-notice";
import UnlockAccount, * as unlockAccount from "./unlock-account";
import SupportUnlocked, * as supportUnlocked from "./support-unlocked";
import SupportSignedOut, * as supportSignedOut from "./support-signed-out";
import AccountDeletion, * as accountDeletion from "./account-deletion";
import DeletionCancelled, * as deletionCancelled from "./deletion-cancelled";
import TwoStepNotice, * as twoStepNotice from "./two-step-notice";
import PasswordKnown, * as passwordKnown from "./password-known";

// Every email the product sends, by name. Props are plain data; a template
// fetches nothing.

type Template<P> = { component: ComponentType<P>; subject: (props: P) => string };

export const templates = {
  "confirm-account": { component: ConfirmAccount, subject: confirmAccount.subject },
  "unlock-account": { component: UnlockAccount, subject: unlockAccount.subject },
  "reset-password": { component: ResetPassword, subject: resetPassword.subject },
  "password-changed": { component: PasswordChanged, subject: passwordChanged.subject },
  "contact-message": { component: ContactMessage, subject: contactMessage.subject },
  "confirm-email-change": { component: ConfirmEmailChange, subject: confirmEmailChange.subject },
  "email-change-notice": { component: EmailChangeNotice, subject: emailChangeNotice.subject },
  "no-account": { component: NoAccount, subject: noAccount.subject },
  "not-locked": { component: NotLocked, subject: notLocked.subject },
  "new-device-alert": { component: NewDeviceAlert, subject: newDeviceAlert.subject },
  "passkey-notice": { component: PasskeyNotice, subject: passkeyNotice.subject },
  "support-unlocked": { component: SupportUnlocked, subject: supportUnlocked.subject },
  "support-signed-out": { component: SupportSignedOut, subject: supportSignedOut.subject },
  "account-deletion": { component: AccountDeletion, subject: accountDeletion.subject },
  "deletion-cancelled": { component: DeletionCancelled, subject: deletionCancelled.subject },
  "two-step-notice": { component: TwoStepNotice, subject: twoStepNotice.subject },
  "password-known": { component: PasswordKnown, subject: passwordKnown.subject },
} satisfies Record<string, Template<never>>;

export type TemplateName = keyof typeof templates;
export type TemplateProps<N extends TemplateName> = Parameters<(typeof templates)[N]["subject"]>[0];

export type RenderedEmail = { subject: string; html: string; text: string };

export function subjectOf<N extends TemplateName>(name: N, props: TemplateProps<N>): string {
  return (templates[name] as unknown as Template<TemplateProps<N>>).subject(props);
}

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(templates, name);
}

// React Email's own plain-text options, compiled once: `render(…, { plainText: true })`
// renders the template a second time and compiles these selectors on every call.
const toPlainText = compile({ wordwrap: false, selectors: plainTextSelectors });

export async function renderEmail<N extends TemplateName>(name: N, props: TemplateProps<N>): Promise<RenderedEmail> {
  const template = templates[name] as unknown as Template<TemplateProps<N>>;
  const html = await render(createElement(template.component, props));
  return { subject: template.subject(props), html, text: toPlainText(html) };
}
