import { axeViolations } from "./axe";
import { createUser, expect, PASSWORD, settings, signIn, test } from "./fixtures";

const sections = [
  {
    anchor: "mot-de-passe-oublie",
    title: "J’ai oublié mon mot de passe",
    action: "Choisir un nouveau mot de passe",
    path: "/mot-de-passe-oublie",
    heading: "Mot de passe oublié",
  },
  {
    anchor: "confirmation",
    title: "Je n’ai pas reçu l’email de confirmation",
    action: "Renvoyer l’email de confirmation",
    path: "/confirmation",
    heading: "Renvoyer les instructions de confirmation",
  },
  {
    anchor: "compte-verrouille",
    title: "Mon compte est verrouillé",
    action: "Renvoyer l’email de déverrouillage",
    path: "/deverrouillage",
    heading: "Renvoyer les instructions de déverrouillage",
  },
  {
    anchor: "email-indisponible",
    title: "« Email n’est pas disponible » à l’inscription",
    action: "Se connecter avec cette adresse",
    path: "/connexion",
    heading: "Connexion",
  },
  {
    anchor: "cle-d-acces",
    title: "Se connecter avec une clé d’accès",
    action: "Aller à la connexion",
    path: "/connexion",
    heading: "Connexion",
  },
  {
    anchor: "nouvelle-connexion",
    title: "J’ai reçu « Nouvelle connexion à votre compte »",
    action: "Choisir un nouveau mot de passe",
    path: "/mot-de-passe-oublie",
    heading: "Mot de passe oublié",
  },
  {
    anchor: "acces-perdu",
    title: "J’ai perdu l’accès à mon adresse email",
    action: "J’ai perdu l’accès à mon adresse email",
    path: "/acces-perdu",
    heading: "Récupérer mon compte sans mon adresse email",
  },
  {
    anchor: "validation-en-deux-etapes",
    title: "Validation en deux étapes",
    action: "Aller à mon compte",
    // Signed out, /compte asks for the sign-in first and comes back after it.
    path: "/connexion\\?returnTo=%2Fcompte(#two-step)?",
    heading: "Connexion",
  },
  {
    anchor: "application-perdue",
    title: "J’ai perdu mon application d’authentification",
    action: "J’ai perdu mon application d’authentification",
    path: "/acces-perdu/application",
    heading: "Récupérer mon compte sans mon application d’authentification",
  },
];

test("the help page has a table of contents, a section per problem, and each section's button leads to a working page", async ({
  page,
}) => {
  await page.goto("/aide");
  await expect(page.getByRole("heading", { level: 1, name: "Je n’arrive pas à me connecter" })).toBeVisible();
  const toc = page.getByRole("navigation", { name: "Sommaire" });
  const headings = await page.getByRole("heading", { level: 2 }).allTextContents();
  expect(headings).toEqual(["Sommaire", ...sections.map((section) => section.title), "Toujours besoin d’aide ? Contactez-nous"]);
  for (const section of sections) {
    await page.goto(`/aide#${section.anchor}`);
    const region = page.getByRole("region", { name: section.title });
    await expect(region).toBeVisible();
    await expect(toc.getByRole("link", { name: section.title })).toHaveAttribute("href", `#${section.anchor}`);
    await region.getByRole("link", { name: section.action }).click();
    await expect(page).toHaveURL(new RegExp(`${section.path}$`));
    await expect(page.getByRole("heading", { level: 1, name: section.heading })).toBeVisible();
  }
  await page.goto("/aide#email-indisponible");
  await page.getByRole("region", { name: sections[3]!.title }).getByRole("link", { name: "Revenir à l’inscription" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Créer un compte" })).toBeVisible();
});

test("the help page quotes the very messages the app shows, and the configured rule and delays", async ({ page, request }) => {
  await page.goto("/aide");
  const locked = page.getByRole("region", { name: "Mon compte est verrouillé" });
  const quoted = {
    lastAttempt: await locked.getByText("Vous avez encore un essai", { exact: false }).textContent(),
    locked: await locked.getByText("Votre compte est verrouillé", { exact: true }).textContent(),
  };
  await expect(locked).toContainText(`après ${settings.maxAttempts} mots de passe incorrects`);
  await expect(locked).toContainText(`après ${settings.unlockAfterMinutes} minutes`);
  await expect(locked).toContainText("Une clé d’accès fonctionne toujours quand votre compte est verrouillé");
  const forgot = page.getByRole("region", { name: "J’ai oublié mon mot de passe" });
  await expect(forgot).toContainText(
    "10 caractères minimum, ne doit pas être trop commun et doit être différent de votre pseudo et de votre email",
  );

  // The messages as the browser shows them on the way to the lock: this test is about them.
  const user = await createUser(request);
  for (let attempt = 1; attempt < settings.maxAttempts; attempt++) await signIn(page, user.email, `faux-${attempt}`);
  await expect(page.getByRole("alert").getByText(quoted.lastAttempt!, { exact: true })).toBeVisible();
  await signIn(page, user.email, `faux-${settings.maxAttempts}`);
  await expect(page.getByRole("alert").getByText(quoted.locked!, { exact: true })).toBeVisible();
  await signIn(page, user.email, PASSWORD);
  await expect(page.getByRole("alert").getByRole("link", { name: "Que faire ?" })).toHaveAttribute("href", "/aide#compte-verrouille");
});

test("the forgotten-password and confirmation sections say what to do for each state of the email's status line", async ({ page }) => {
  await page.goto("/aide");
  const states = [
    "« Envoi en cours… »",
    "« Email remis à votre messagerie… »",
    "« La remise… prend du retard »",
    "« Votre messagerie a refusé l’email… »",
  ];
  const bounced = {
    "J’ai oublié mon mot de passe": "l’adresse est peut-être mal écrite. Vérifiez-la et refaites la demande.",
    "Je n’ai pas reçu l’email de confirmation": "la page propose « Corriger l’adresse »",
  };
  for (const [title, remedy] of Object.entries(bounced)) {
    const section = page.getByRole("region", { name: title });
    for (const state of states) await expect(section, title).toContainText(state);
    await expect(section).toContainText("regardez dans les courriers indésirables (spam)");
    await expect(section).toContainText(
      "« Votre messagerie a classé nos emails comme indésirables… » : nous n’écrirons plus à cette adresse.",
    );
    await expect(section).toContainText(remedy);
  }
  await expect(page.getByRole("region", { name: "J’ai oublié mon mot de passe" })).toContainText("Si aucun compte n’utilise cette adresse");
});

test("the contact form queues an email to support, visible in the mailbox", async ({ page, mailbox }) => {
  await page.goto("/aide#contact");
  const contact = page.getByRole("region", { name: "Toujours besoin d’aide ? Contactez-nous" });
  await contact.getByRole("button", { name: "Envoyer le message" }).click();
  await expect(contact.getByText("Ce champ est obligatoire.").first()).toBeVisible();
  await contact.getByLabel("Votre email").fill("aide-moi@example.test");
  await contact.getByLabel("Sujet").fill("Je ne reçois rien");
  await contact.getByLabel("Message").fill("Bonjour,\nje ne reçois pas l’email de confirmation. <script>alert(1)</script>");
  await contact.getByRole("button", { name: "Envoyer le message" }).click();
  await expect(contact.getByText("Votre message a bien été envoyé. Nous vous répondrons par email.")).toBeVisible();
  const email = await mailbox.latest("support@sesame.localhost", /Je ne reçois rien/);
  expect(email.text).toContain("aide-moi@example.test");
  expect(email.html).not.toContain("<script>");
});

test("the contact form is pre-filled for a signed-in user", async ({ page, request }) => {
  const user = await createUser(request);
  await signIn(page, user.email, PASSWORD);
  await expect(page).toHaveURL(/\/compte$/);
  await page.goto("/aide#contact");
  await expect(page.getByLabel("Votre email")).toHaveValue(user.email);
});

test("the help page has no accessibility violation (axe), in French and English", async ({ page }) => {
  await page.goto("/aide");
  await page.screenshot({ path: "test-results/screenshots/aide-fr.png", fullPage: true });
  expect(await axeViolations(page, "/aide (fr)", null)).toEqual([]);
  await page.getByRole("button", { name: "Read this site in English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "I can’t sign in" })).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/aide-en.png", fullPage: true });
  expect(await axeViolations(page, "/aide (en)", null)).toEqual([]);
});
