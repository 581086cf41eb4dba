"use client";

import { useTranslations } from "@/lib/i18n/client";
import { useEffect } from "react";
import { Alert } from "@/components/alert";
import { ErrorSummary } from "@/components/form/error-summary";
import { Field, fieldIds } from "@/components/form/field";
import { FormError } from "@/components/form/form-error";
import { SubmitButton } from "@/components/form/submit-button";
import { useErrorText } from "@/components/form/use-error-text";
import { useServerForm } from "@/components/form/use-server-form";
import { contactAction } from "./actions";

const loadContactSchema = () => import("@/lib/validation/contact").then((m) => m.contactSchema);

export function ContactForm() {
  const t = useTranslations();
  const errorText = useErrorText();
  const { form, errors, state, formAction, pending, onSubmit } = useServerForm(loadContactSchema, contactAction);

  // Pre-filled for a signed-in user, without making the page itself read the session.
  useEffect(() => {
    let cancelled = false;
    fetch("/api/auth/session", { credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then((session: { user?: { email?: string } } | null) => {
        const email = session?.user?.email;
        if (!cancelled && email && !form.getValues("email")) form.setValue("email", email);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [form]);

  if (state?.ok) return <Alert tone="notice">{t("help.contactSent")}</Alert>;

  const messageIds = fieldIds("message");
  const messageError = errorText(errors.message?.message);
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {state && !state.ok && state.formError ? <FormError code={state.formError} /> : null}
      <ErrorSummary
        errors={errors}
        labels={{ email: t("help.contactEmail"), subject: t("help.contactSubject"), message: t("help.contactMessage") }}
      />
      <Field
        label={t("help.contactEmail")}
        type="email"
        autoComplete="email"
        error={errorText(errors.email?.message)}
        {...form.register("email")}
      />
      <Field label={t("help.contactSubject")} maxLength={150} error={errorText(errors.subject?.message)} {...form.register("subject")} />
      <div className="flex flex-col gap-1">
        <label htmlFor={messageIds.input} className="font-medium">
          {t("help.contactMessage")}
        </label>
        <textarea
          id={messageIds.input}
          rows={6}
          maxLength={5000}
          aria-invalid={messageError ? true : undefined}
          aria-describedby={messageError ? messageIds.error : undefined}
          className={`w-full rounded-control border bg-surface px-3 py-2 text-base ${messageError ? "border-danger" : "border-line"}`}
          {...form.register("message")}
        />
        {messageError ? (
          <p id={messageIds.error} className="text-sm font-medium text-danger">
            {messageError}
          </p>
        ) : null}
      </div>
      <SubmitButton pending={pending} pendingLabel={t("form.pending")}>
        {t("help.contactSubmit")}
      </SubmitButton>
    </form>
  );
}
