import { Body, Button, Container, Head, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import type { Locale } from "@/lib/i18n/config";
import { emailTranslator } from "../translate";

type EmailLayoutProps = {
  locale: Locale;
  preview: string;
  helpUrl: string;
  children: ReactNode;
};

const colors = { primary: "#15803d", ink: "#111827", muted: "#4b5563", line: "#d1d5db" };

/** The frame every email shares: product name, content, why you got it, where to get help. */
export function EmailLayout({ locale, preview, helpUrl, children }: EmailLayoutProps) {
  const t = emailTranslator(locale);
  return (
    <Html lang={locale}>
      <Head />
      <Preview>{preview}</Preview>
      <Body
        style={{
          backgroundColor: "#f9fafb",
          fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
          color: colors.ink,
        }}
      >
        <Container style={{ maxWidth: "560px", margin: "0 auto", padding: "24px", backgroundColor: "#ffffff" }}>
          <Text style={{ fontSize: "20px", fontWeight: 700, margin: "0 0 16px" }}>Sésame</Text>
          {children}
          <Hr style={{ borderColor: colors.line, margin: "24px 0 12px" }} />
          <Text style={{ fontSize: "12px", color: colors.muted, margin: "0 0 4px" }}>{t("footerWhy")}</Text>
          <Text style={{ fontSize: "12px", color: colors.muted, margin: 0 }}>
            {t.rich("footerHelp", { link: (chunks) => <Link href={helpUrl}>{chunks}</Link> })}
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

/** The call to action, followed by the raw link for clients that block buttons. */
export function CallToAction({ locale, url, label }: { locale: Locale; url: string; label: string }) {
  const t = emailTranslator(locale);
  return (
    <Section style={{ margin: "20px 0" }}>
      <Button
        href={url}
        style={{ backgroundColor: colors.primary, color: "#ffffff", padding: "12px 20px", borderRadius: "8px", fontWeight: 600 }}
      >
        {label}
      </Button>
      <Text style={{ fontSize: "13px", color: colors.muted, margin: "16px 0 4px" }}>{t("rawLink")}</Text>
      <Text style={{ fontSize: "13px", margin: 0, wordBreak: "break-all" }}>
        <Link href={url}>{url}</Link>
      </Text>
    </Section>
  );
}

export const paragraph = { fontSize: "15px", lineHeight: "22px", margin: "0 0 12px" } as const;
