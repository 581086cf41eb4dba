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
   * The forgotten-password form as a browser without JavaScript posts it:
   * the page's hidden action fields, the address, the site's Origin (Next
   * refuses server actions from elsewhere). Returns the rendered markup
   * (scripts stripped: they carry the whole client catalogue) and the POST's duration.
   */
  async requestReset(email: string): Promise<{ ms: number; status: number; markup: string }> {
    const html = await (await this.request("/mot-de-passe-oublie")).text();
    const form = new FormData();
    for (const match of html.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g)) {
      form.append(
        match[1]!,
        (match[2] ?? "").replaceAll("&quot;", '"').replaceAll("&amp;", "&").replaceAll("&lt;", "<").replaceAll("&gt;", ">"),
      );
    }
    form.append("email", email);
    const started = performance.now();
    const response = await this.request("/mot-de-passe-oublie", { method: "POST", body: form, headers: { origin: this.base } });
    const body = await response.text();
    return { ms: performance.now() - started, status: response.status, markup: body.replace(/<script[\s\S]*?<\/script>/g, "") };
  }

  /** GET /api/auth/csrf (the token and its cookie), then the credentials callback. Returns the POST's duration. */
  async signIn(identifier: string, password: string): Promise<{ ms: number; ok: boolean; location: string }> {
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
    return { ms, ok: response.status === 302 && !location.includes("error="), location };
  }
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
