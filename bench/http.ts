// Small HTTP helpers for the benchmark: a cookie jar and Auth.js's sign-in flow.

export class Client {
  private cookies = new Map<string, string>();

  /** `headers` go with every request (the load script gives each virtual client its own X-Forwarded-For). */
  constructor(
    readonly base: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const index = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, index).trim(), pair!.slice(index + 1));
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  /** Signs this browser out as far as the server can tell, keeping its other cookies (the known-browser one). */
  forgetSession(): void {
    for (const name of [...this.cookies.keys()]) if (name.endsWith("authjs.session-token")) this.cookies.delete(name);
  }

  hasSession(): boolean {
    return [...this.cookies.keys()].some((name) => name.endsWith("authjs.session-token"));
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers({ ...this.headers, ...Object.fromEntries(new Headers(init.headers)) });
    if (this.cookies.size) headers.set("cookie", this.cookieHeader());
    const response = await fetch(`${this.base}${path}`, { ...init, headers, redirect: "manual" });
    this.remember(response);
    return response;
  }

  /**
   * A form as a browser without JavaScript posts it: the page's hidden
   * action fields, then `fields`, with the site's Origin (server actions from
   * elsewhere are refused). `page` is the form page's HTML, fetched by the
   * caller (once, when many posts share it). Returns the POST's duration, its
   * response and the rendered markup (scripts stripped: they carry the whole
   * client catalogue).
   */
  async postForm(
    path: string,
    page: string,
    fields: Record<string, string>,
  ): Promise<{ ms: number; status: number; location: string; markup: string }> {
    const form = new FormData();
    for (const [name, value] of hiddenFields(page)) form.append(name, value);
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    const started = performance.now();
    const response = await this.request(path, { method: "POST", body: form, headers: { origin: this.base } });
    const body = await response.text();
    return {
      ms: performance.now() - started,
      status: response.status,
      location: response.headers.get("location") ?? "",
      markup: body.replace(/<script[\s\S]*?<\/script>/g, ""),
    };
  }

  /** The forgotten-password form, page and POST, as a browser without JavaScript sends them. */
  async requestReset(email: string): Promise<{ ms: number; status: number; markup: string }> {
    return this.requestEmail("/mot-de-passe-oublie", email);
  }

  /** A request form that asks for an email by address (/mot-de-passe-oublie, /deverrouillage, /confirmation), as a browser without JavaScript posts it. */
  async requestEmail(pathname: string, email: string): Promise<{ ms: number; status: number; markup: string }> {
    const page = await (await this.request(pathname)).text();
    return this.postForm(pathname, page, { email });
  }

  /**
   * The /connexion form's server action, posted as a browser without
   * JavaScript does (the path every visitor takes). `page` is /connexion's
   * HTML: it is the same for everyone, so a run fetches it once. Success is
   * a 303 to the return path with a session cookie.
   */
  async signInForm(page: string, identifier: string, password: string): Promise<{ ms: number; ok: boolean; location: string }> {
    const { ms, status, location } = await this.postForm("/connexion", page, { identifier, password });
    const ok = status === 303 && this.hasSession();
    if (!ok) await this.showRefusal(location);
    return { ms, ok, location: location || String(status) };
  }

  /**
   * A refused sign-in answers with a redirect to /connexion?code=…, the page
   * that says why: fetched as the browser does, after the answer's duration
   * is taken (the phases' server CPU counts it).
   */
  private async showRefusal(location: string): Promise<void> {
    if (!location) return;
    const url = new URL(location, this.base);
    if (url.pathname !== "/connexion" || !url.searchParams.has("code")) return;
    const response = await this.request(`${url.pathname}${url.search}`);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url.pathname}${url.search} answered ${response.status}`);
  }

  /**
   * The /connexion form's server action as the hydrated page posts it
   * (React's `useActionState`, recorded from Chromium): the same hidden
   * action fields under the argument's prefix, the previous state `null`,
   * and `Next-Action`. The answer is the action's result alone, no page: a
   * refusal is `{ ok: false, … }`, a success a redirect header to the return path.
   */
  async signInScript(page: string, identifier: string, password: string): Promise<{ ms: number; ok: boolean; location: string }> {
    const fields = hiddenFields(page);
    const actionId = /"id":"([0-9a-f]+)"/.exec(fields.find(([name]) => name.includes("$ACTION_") && name.endsWith(":0"))?.[1] ?? "")?.[1];
    if (!actionId) throw new Error("no server action on the page");
    const form = new FormData();
    for (const [name, value] of [...fields, ["identifier", identifier], ["password", password]]) form.append(`_1_${name}`, value!);
    form.append("0", '[null,"$K1"]');
    const started = performance.now();
    const response = await this.request("/connexion", {
      method: "POST",
      body: form,
      headers: { origin: this.base, accept: "text/x-component", "next-action": actionId },
    });
    const body = await response.text();
    const ms = performance.now() - started;
    const location = response.headers.get("x-action-redirect") ?? "";
    const refused = /"ok":false,"formError":"([^"]+)"/.exec(body)?.[1];
    return {
      ms,
      ok: response.status === 200 && location !== "" && this.hasSession(),
      location: location || refused || String(response.status),
    };
  }

  /** GET /api/auth/csrf (the token and its cookie), then the credentials callback. Returns the POST's duration. */
  async signInCallback(identifier: string, password: string): Promise<{ ms: number; ok: boolean; location: string }> {
    const csrf = (await (await this.request("/api/auth/csrf")).json()) as { csrfToken: string };
    const body = new URLSearchParams({ csrfToken: csrf.csrfToken, identifier, password, callbackUrl: "/compte" });
    const started = performance.now();
    const response = await this.request("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
    await response.arrayBuffer();
    const ms = performance.now() - started;
    const location = response.headers.get("location") ?? "";
    const ok = response.status === 302 && !location.includes("error=");
    if (!ok) await this.showRefusal(location);
    return { ms, ok, location };
  }
}

/**
 * The hidden inputs of the page's form (React's server-action fields among
 * them), unescaped. Every page also has the language switch's form, whose
 * fields (its own action, `locale`, `returnTo`) must not go with the post: the
 * form is the one whose action keeps a state (`$ACTION_KEY`).
 */
function hiddenFields(html: string): [string, string][] {
  const forms = html.match(/<form[\s\S]*?<\/form>/g) ?? [];
  const form = forms.find((markup) => markup.includes('name="$ACTION_KEY"'));
  if (!form) throw new Error("no form with a server action's state on the page");
  return [...form.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g)].map((match) => [
    match[1]!,
    (match[2] ?? "").replaceAll("&quot;", '"').replaceAll("&amp;", "&").replaceAll("&lt;", "<").replaceAll("&gt;", ">"),
  ]);
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((sorted.length * p) / 100) - 1))] ?? NaN;
}

export const median = (values: number[]) => percentile(values, 50);

/**
 * A sample count scaled by BENCH_SCALE (default 1): `npm test` runs each
 * benchmark at a small fraction to prove that it still works, not to measure.
 */
export function scaled(count: number, floor = 2): number {
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  return Math.max(floor, Math.round(count * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}
