import { describe, expect, it } from "vitest";
import { locales } from "@/lib/i18n/config";
import { render } from "@react-email/render";
import { createElement, type ComponentType } from "react";
import { renderEmail, templates, type TemplateName } from "./index";

const url = "http://localhost:3000/exemple/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde";
const helpUrl = "http://localhost:3000/aide";

const propsFor: Record<TemplateName, Record<string, unknown>> = {
  "confirm-account": { pseudo: "camille", url, helpUrl, hours: 72 },
  "unlock-account": { pseudo: "camille", url, helpUrl, attempts: 5, minutes: 60 },
  "reset-password": { pseudo: "camille", url, helpUrl, minutes: 60 },
  "password-changed": { pseudo: "camille", url, helpUrl },
  "contact-message": { email: "camille@example.test", topic: "Accès", message: "Bonjour <b>", url, helpUrl },
  "confirm-email-change": { pseudo: "camille", url, helpUrl, hours: 72 },
  "email-change-notice": { pseudo: "camille", newEmail: "nouvelle@example.test", url, helpUrl },
  "no-account": { request: "reset", helpUrl },
  "not-locked": { pseudo: "camille", helpUrl },
  "new-device-alert": { pseudo: "camille", at: "2026-12-02T14:05:00.000Z", device: "Firefox · Windows", ip: "203.0.113.7", url, helpUrl },
  "passkey-notice": { pseudo: "camille", change: "removed", name: "iCloud Keychain", at: "2026-12-02T14:05:00.000Z", url, helpUrl },
  "support-unlocked": { pseudo: "camille", helpUrl },
  "support-signed-out": { pseudo: "camille", helpUrl },
  "confirm-recovery-address": { pseudo: "camille", url, helpUrl, hours: 72 },
  "confirm-recovery-request": { pseudo: "camille", url, helpUrl, hours: 72, days: 7 },
  "recovery-request-notice": {
    pseudo: "camille",
    at: "2026-12-07T10:00:00.000Z",
    device: "Firefox · Windows",
    ip: "203.0.113.7",
    due: "2026-12-14T10:00:00.000Z",
    url,
    helpUrl,
  },
  "recovery-applied": { pseudo: "camille", newEmail: "nouvelle@example.test", helpUrl },
  "recovery-address-notice": { pseudo: "camille", change: "added", recoveryEmail: "secours@example.test", url, helpUrl },
  "deletion-cancelled": { pseudo: "camille", at: "2026-12-05T10:00:00.000Z", url, helpUrl },
  "two-step-notice": { pseudo: "camille", change: "enabled", at: "2026-12-07T14:05:00.000Z", url, helpUrl },
  "password-known": { pseudo: "camille", at: "2026-12-07T14:05:00.000Z", ip: "203.0.113.7", url, helpUrl },
  "account-deletion": {
    pseudo: "camille",
    at: "2026-12-04T10:00:00.000Z",
    due: "2026-12-11T10:00:00.000Z",
    journalDays: 365,
    url,
    helpUrl,
  },
};

/** The answers for an address without an account or without a lock: they must hold no link but the help page's. */
const linkless = new Set<TemplateName>(["no-account", "not-locked", "support-unlocked", "support-signed-out", "recovery-applied"]);

describe("email templates", () => {
  for (const name of (Object.keys(templates) as TemplateName[]).filter((name) => !linkless.has(name))) {
    for (const locale of locales) {
      it(`${name} renders in ${locale} with its subject, button, raw link, help link and text part`, async () => {
        const email = await renderEmail(name, { ...propsFor[name], locale } as never);
        expect(email.subject.length).toBeGreaterThan(5);
        expect(email.html).toContain(`lang="${locale}"`);
        expect(email.html.split(url).length - 1).toBeGreaterThanOrEqual(2);
        expect(email.html).toContain(helpUrl);
        expect(email.text).toContain(url);
        expect(email.text).not.toMatch(/<(table|td|p|a|div)[\s>]/);
      });
    }
  }

  for (const name of linkless) {
    for (const locale of locales) {
      it(`${name} renders in ${locale} with no link but the help page's`, async () => {
        const email = await renderEmail(name, { ...propsFor[name], locale } as never);
        expect(email.subject.length).toBeGreaterThan(5);
        expect(email.html).toContain(`lang="${locale}"`);
        const links = [...email.html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]);
        expect(new Set(links)).toEqual(new Set([helpUrl]));
        expect(email.text.length).toBeGreaterThan(80);
      });
    }
  }

  it("tells an address without an account which request it answers, without a link", async () => {
    const reset = await renderEmail("no-account", { request: "reset", helpUrl, locale: "fr" });
    const unlock = await renderEmail("no-account", { request: "unlock", helpUrl, locale: "fr" });
    expect(reset.text).toContain("Aucun compte Sésame n’utilise cette adresse");
    expect(reset.text).toContain("choisir un nouveau mot de passe");
    expect(unlock.text).toContain("déverrouiller un compte");
  });

  it("translates subjects", async () => {
    const fr = await renderEmail("reset-password", { ...propsFor["reset-password"], locale: "fr" } as never);
    const en = await renderEmail("reset-password", { ...propsFor["reset-password"], locale: "en" } as never);
    expect(fr.subject).toBe("Choisissez un nouveau mot de passe Sésame");
    expect(en.subject).toBe("Choose a new Sésame password");
  });

  it('names the new sign-in\'s device and address, and offers "Ce n’était pas moi"', async () => {
    const email = await renderEmail("new-device-alert", { ...propsFor["new-device-alert"], locale: "fr" } as never);
    expect(email.subject).toBe("Nouvelle connexion à votre compte");
    expect(email.text).toContain("Firefox · Windows");
    expect(email.text).toContain("203.0.113.7");
    expect(email.text).toContain("Ce n’était pas moi");
  });

  it("says what a lost-authenticator request does: the confirmation, the notice and the end of two-step verification", async () => {
    const confirmation = await renderEmail("confirm-recovery-request", {
      ...propsFor["confirm-recovery-request"],
      kind: "two_factor",
      days: 9,
      locale: "fr",
    } as never);
    expect(confirmation.text).toContain("perdu votre application d’authentification");
    expect(confirmation.text).toContain("9 jours");
    const move = await renderEmail("confirm-recovery-request", { ...propsFor["confirm-recovery-request"], locale: "fr" } as never);
    expect(move.text).not.toContain("application d’authentification");
    const notice = await renderEmail("recovery-request-notice", {
      ...propsFor["recovery-request-notice"],
      kind: "two_factor",
      locale: "fr",
    } as never);
    expect(notice.text).toContain("désactiver la validation en deux étapes");
    expect(notice.text).toContain("Annuler cette demande");
    const off = await renderEmail("two-step-notice", {
      ...propsFor["two-step-notice"],
      change: "disabledByRecovery",
      locale: "fr",
    } as never);
    expect(off.subject).toBe("La validation en deux étapes est désactivée");
    expect(off.text).toContain("« J’ai perdu mon application d’authentification »");
  });

  it("escapes what a user typed", async () => {
    const email = await renderEmail("contact-message", { ...propsFor["contact-message"], locale: "fr" } as never);
    expect(email.html).not.toContain("<b>");
    expect(email.html).toContain("&lt;b&gt;");
  });

  it("gives every email the text part React Email's own plain-text render gives", async () => {
    for (const name of Object.keys(templates) as TemplateName[]) {
      for (const locale of locales) {
        const props = { ...propsFor[name], locale };
        const element = createElement(templates[name].component as unknown as ComponentType<typeof props>, props);
        expect((await renderEmail(name, props as never)).text).toBe(await render(element, { plainText: true }));
      }
    }
  });
});
