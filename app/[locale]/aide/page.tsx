import type { Metadata } from "next";
import { AppLink } from "@/components/app-link";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Alert } from "@/components/alert";
import { Field } from "@/components/form/field";
import { primaryButtonClass } from "@/components/form/submit-button";
import { ClientMessages } from "@/components/client-messages";
import { HelpExample } from "@/components/help/example";
import { PageHeader } from "@/components/page-header";
import { lockoutSettings } from "@/lib/auth/lockout";
import { env } from "@/lib/env";
import { ContactForm } from "./contact-form";

// The help article "Je n'arrive pas à me connecter", made live: every quoted
// message, the password rule and the lockout figures come from the same
// catalogue and configuration as the app. No database call.

// Rendered per request, so the lockout and link figures are those of the running server's settings, not of the build's.
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("help"))("title") };
}

const sections = [
  { id: "mot-de-passe-oublie", title: "forgotTitle" },
  { id: "confirmation", title: "confirmTitle" },
  { id: "compte-verrouille", title: "lockedTitle" },
  { id: "email-indisponible", title: "takenTitle" },
  { id: "cle-d-acces", title: "passkeyTitle" },
  { id: "nouvelle-connexion", title: "newDeviceTitle" },
  { id: "acces-perdu", title: "lostMailboxTitle" },
  { id: "validation-en-deux-etapes", title: "twoStepTitle" },
  { id: "application-perdue", title: "lostAuthenticatorTitle" },
] as const;

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="scroll-mt-4 border-t border-line pt-6">
      <h2 id={`${id}-title`} className="mb-3 text-xl font-bold">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Steps({ children }: { children: ReactNode }) {
  return <ol className="flex list-decimal flex-col gap-2 pl-6">{children}</ol>;
}

function ActionLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <p className="mt-4 max-w-form">
      <AppLink href={href} className={primaryButtonClass}>
        {children}
      </AppLink>
    </p>
  );
}

/** What the status line under a request's notice says, state by state, and what to do about each. */
async function DeliveryStates({ signUp }: { signUp?: boolean }) {
  const t = await getTranslations("help");
  return (
    <>
      {t("deliveryIntro")}
      <ul className="mt-2 flex list-disc flex-col gap-1 pl-6">
        <li>{t("deliverySending")}</li>
        <li>{t("deliveryDelivered")}</li>
        <li>{t("deliveryDelayed")}</li>
        <li>{t(signUp ? "deliveryBouncedSignUp" : "deliveryBounced")}</li>
        <li>{t("deliveryComplained")}</li>
        <li>{t("deliveryFailed")}</li>
      </ul>
    </>
  );
}

function ExampleEmailForm({ label, button }: { label: string; button: string }) {
  return (
    <>
      <Field name="example-email" label={label} defaultValue="camille@exemple.fr" readOnly tabIndex={-1} />
      <span className={primaryButtonClass}>{button}</span>
    </>
  );
}

export default async function HelpPage() {
  const t = await getTranslations();
  const { maxAttempts, unlockAfterMinutes } = lockoutSettings();
  const { RESET_TOKEN_TTL_MINUTES, CONFIRM_TOKEN_TTL_HOURS } = env();
  return (
    <article className="mx-auto flex max-w-article flex-col gap-6">
      <PageHeader title={t("help.title")} intro={t("help.intro")} />

      <nav aria-labelledby="toc-title" className="rounded-control border border-line bg-surface p-4">
        <h2 id="toc-title" className="mb-2 font-bold">
          {t("help.tocTitle")}
        </h2>
        <ol className="flex list-decimal flex-col gap-1 pl-6">
          {sections.map((section) => (
            <li key={section.id}>
              <a href={`#${section.id}`}>{t(`help.${section.title}`)}</a>
            </li>
          ))}
          <li>
            <a href="#contact">{t("help.footer")}</a>
          </li>
        </ol>
      </nav>

      <Section id="mot-de-passe-oublie" title={t("help.forgotTitle")}>
        <Steps>
          <li>{t("help.forgotStep1", { link: t("signIn.forgotPassword") })}</li>
          <li>{t("help.forgotStep2")}</li>
          <li>
            <DeliveryStates />
            <p className="mt-2">{t("help.deliveryNoAccount")}</p>
          </li>
          <li>{t("help.forgotStep3", { minutes: RESET_TOKEN_TTL_MINUTES })}</li>
          <li>{t("help.forgotStep4", { rules: t("password.rules") })}</li>
          <li>{t("help.forgotStep5")}</li>
        </Steps>
        <HelpExample form={<ExampleEmailForm label={t("fields.email")} button={t("forgot.submit")} />}>
          <Alert tone="notice" live={false}>
            {t("notices.resetRequested")}
          </Alert>
          <Alert tone="notice" live={false}>
            {t("notices.passwordChanged")}
          </Alert>
        </HelpExample>
        <ActionLink href="/mot-de-passe-oublie">{t("help.forgotButton")}</ActionLink>
      </Section>

      <Section id="confirmation" title={t("help.confirmTitle")}>
        <Steps>
          <li>{t("help.confirmStep1")}</li>
          <li>
            <DeliveryStates signUp />
          </li>
          <li>{t("help.confirmStep2")}</li>
          <li>{t("help.confirmStep3", { link: t("signIn.noConfirmation"), hours: CONFIRM_TOKEN_TTL_HOURS })}</li>
          <li>{t("help.confirmStep4")}</li>
        </Steps>
        <HelpExample form={<ExampleEmailForm label={t("fields.email")} button={t("confirmation.submit")} />}>
          <Alert tone="error" live={false}>
            {t("errors.unconfirmed")}
          </Alert>
          <Alert tone="notice" live={false}>
            {t("notices.confirmationSent")}
          </Alert>
          <Alert tone="error" live={false}>
            {t("errors.alreadyConfirmed")}
          </Alert>
        </HelpExample>
        <ActionLink href="/confirmation">{t("help.confirmButton")}</ActionLink>
      </Section>

      <Section id="compte-verrouille" title={t("help.lockedTitle")}>
        <Steps>
          <li>{t("help.lockedStep1", { max: maxAttempts })}</li>
          <li>{t("help.lockedStep2", { max: maxAttempts })}</li>
          <li>{t("help.lockedStep3", { minutes: unlockAfterMinutes })}</li>
          <li>{t("help.lockedStep4", { link: t("signIn.noUnlock") })}</li>
          <li>{t("help.lockedStep5")}</li>
        </Steps>
        <p className="mt-3">{t("help.lockedKnownDevices")}</p>
        <p className="mt-3">{t("help.lockedPasskey")}</p>
        <HelpExample form={<ExampleEmailForm label={t("fields.email")} button={t("unlock.submit")} />}>
          <Alert tone="warning" live={false}>
            {t("errors.lastAttempt")}
          </Alert>
          <Alert tone="error" live={false} action={t("errors.lockedHelp", { minutes: unlockAfterMinutes })}>
            {t("errors.locked")}
          </Alert>
          <Alert tone="notice" live={false}>
            {t("notices.unlockSent")}
          </Alert>
        </HelpExample>
        <ActionLink href="/deverrouillage">{t("help.lockedButton")}</ActionLink>
      </Section>

      <Section id="email-indisponible" title={t("help.takenTitle")}>
        <Steps>
          <li>{t("help.takenStep1")}</li>
          <li>{t("help.takenStep2", { link: t("signIn.forgotPassword") })}</li>
          <li>{t("help.takenStep3")}</li>
          <li>{t("help.takenStep4")}</li>
        </Steps>
        <HelpExample>
          <Alert tone="error" live={false}>
            {t("errors.emailTaken")}
          </Alert>
          <Alert tone="error" live={false}>
            {t("errors.pseudoTaken")}
          </Alert>
        </HelpExample>
        <ActionLink href="/connexion">{t("help.takenSignIn")}</ActionLink>
        <p className="mt-2">
          <AppLink href="/inscription">{t("help.takenSignUp")}</AppLink>
        </p>
      </Section>

      <Section id="cle-d-acces" title={t("help.passkeyTitle")}>
        <Steps>
          <li>{t("help.passkeyStep1")}</li>
          <li>{t("help.passkeyStep2")}</li>
          <li>{t("help.passkeyStep3", { button: t("signIn.passkey") })}</li>
          <li>{t("help.passkeyStep4")}</li>
        </Steps>
        <HelpExample>
          <Alert tone="error" live={false}>
            {t("errors.passkeyRefused")}
          </Alert>
        </HelpExample>
        <ActionLink href="/connexion">{t("help.passkeyButton")}</ActionLink>
      </Section>

      <Section id="nouvelle-connexion" title={t("help.newDeviceTitle")}>
        <Steps>
          <li>{t("help.newDeviceStep1")}</li>
          <li>{t("help.newDeviceStep2")}</li>
        </Steps>
        <ActionLink href="/mot-de-passe-oublie">{t("help.forgotButton")}</ActionLink>
      </Section>

      <Section id="acces-perdu" title={t("help.lostMailboxTitle")}>
        <Steps>
          <li>{t("help.lostMailboxStep1")}</li>
          <li>{t("help.lostMailboxStep2", { days: env().RECOVERY_DELAY_DAYS })}</li>
          <li>{t("help.lostMailboxStep3")}</li>
        </Steps>
        <ActionLink href="/acces-perdu">{t("help.lostMailboxTitle")}</ActionLink>
      </Section>

      <Section id="validation-en-deux-etapes" title={t("help.twoStepTitle")}>
        <Steps>
          <li>{t("help.twoStepStep1")}</li>
          <li>{t("help.twoStepStep2")}</li>
          <li>{t("help.twoStepStep3")}</li>
          <li>{t("help.twoStepStep4")}</li>
        </Steps>
        <HelpExample>
          <Alert tone="warning" live={false}>
            {t("errors.lastAttempt")}
          </Alert>
        </HelpExample>
        <ActionLink href="/compte#two-step">{t("help.twoStepButton")}</ActionLink>
      </Section>

      <Section id="application-perdue" title={t("help.lostAuthenticatorTitle")}>
        <Steps>
          <li>{t("help.lostAuthenticatorStep1")}</li>
          <li>{t("help.lostAuthenticatorStep2", { days: env().RECOVERY_DELAY_DAYS })}</li>
          <li>{t("help.lostAuthenticatorStep3")}</li>
        </Steps>
        <ActionLink href="/acces-perdu/application">{t("help.lostAuthenticatorTitle")}</ActionLink>
      </Section>

      <section id="contact" aria-labelledby="contact-title" className="scroll-mt-4 border-t border-line pt-6">
        <h2 id="contact-title" className="mb-2 text-xl font-bold">
          {t("help.footer")}
        </h2>
        <p className="mb-4 text-ink-muted">{t("help.contactIntro")}</p>
        <div className="max-w-form">
          <ClientMessages extra={["help"]}>
            <ContactForm />
          </ClientMessages>
        </div>
      </section>
    </article>
  );
}
