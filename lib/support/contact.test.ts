import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { freshClient } from "@/lib/testing/factories";
import { contactSchema } from "@/lib/validation/contact";
import { submitContactRequest } from "./contact";

describe("contact form", () => {
  it("keeps the request and queues one email to support, in French", async () => {
    const data = contactSchema.parse({ email: " Lea@Example.test ", subject: "Accès bloqué", message: "Bonjour,\nje suis bloquée." });
    expect(await submitContactRequest(data, { userId: null, locale: "en", client: freshClient() })).toBe("sent");
    const request = await db.contactRequest.findFirstOrThrow({ where: { email: "lea@example.test" } });
    expect(request).toMatchObject({ subject: "Accès bloqué", locale: "en" });
    const emails = await db.outboxEmail.findMany({ where: { to: "support@sesame.localhost", subject: { contains: "Accès bloqué" } } });
    expect(emails).toHaveLength(1);
    expect(emails[0]!.subject).toBe("Demande d’aide : Accès bloqué");
  });

  it.each([
    [{ email: "", subject: "x", message: "y" }, "email", "form.required"],
    [{ email: "pas-un-email", subject: "x", message: "y" }, "email", "form.invalidEmail"],
    [{ email: "a@example.test", subject: "   ", message: "y" }, "subject", "form.required"],
    [{ email: "a@example.test", subject: "x".repeat(151), message: "y" }, "subject", "form.tooLong"],
    [{ email: "a@example.test", subject: "x", message: "y".repeat(5001) }, "message", "form.tooLong"],
    [{ email: "a@example.test", subject: "nul\u0000byte", message: "y" }, "subject", "form.invalidCharacters"],
    [{ email: "a@example.test", subject: "Accès\r\nBcc: victim@example.test", message: "y" }, "subject", "form.singleLine"],
    [{ email: "a@example.test", subject: "Accès\nbloqué", message: "y" }, "subject", "form.singleLine"],
    [{ email: "a@example.test", subject: "\u202e\u2066", message: "y" }, "subject", "form.required"],
  ])("refuses %j on %s (%s)", (input, field, message) => {
    const result = contactSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.find((issue) => issue.path[0] === field)?.message).toBe(message);
  });

  it("keeps what was typed without its bidirectional controls, line breaks of the message included", () => {
    const data = contactSchema.parse({
      email: "a@example.test",
      subject: "Facture \u202egpj.exe",
      message: "Bonjour,\n\u2067ligne\u2069 deux",
    });
    expect(data.subject).toBe("Facture gpj.exe");
    expect(data.message).toBe("Bonjour,\nligne deux");
  });

  it("rate-limits one sender", async () => {
    const data = contactSchema.parse({ email: "flood@example.test", subject: "s", message: "m" });
    const outcomes = [];
    for (let attempt = 0; attempt < 6; attempt++)
      outcomes.push(await submitContactRequest(data, { userId: null, locale: "fr", client: freshClient() }));
    expect(outcomes.at(-1)).toBe("rateLimited");
    expect(await db.contactRequest.count({ where: { email: "flood@example.test" } })).toBe(5);
  });
});
