import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { inlineHashes } from "./prerendered";
import { contentSecurityPolicy } from "./security-headers";

const digest = (text: string) => `sha256-${createHash("sha256").update(text).digest("base64")}`;

describe("pages rendered at build time", () => {
  it("allow exactly their inline scripts and styles, not their script files' contents", () => {
    const html = `<html><head><style>a{color:red}</style><script src="/_next/static/chunks/a.js" async=""></script></head>
<body><script>(self.__next_f=self.__next_f||[]).push([0])</script><script>self.__next_f.push([1,"x"])</script><script>self.__next_f.push([1,"x"])</script></body></html>`;
    expect(inlineHashes(html)).toEqual({
      scripts: [digest("(self.__next_f=self.__next_f||[]).push([0])"), digest('self.__next_f.push([1,"x"])')],
      styles: [digest("a{color:red}")],
    });
  });

  it("get a policy of digests and this site's files: no nonce, nothing inline, no eval", () => {
    const policy = contentSecurityPolicy({
      nonce: "unused",
      prerendered: { scripts: ["sha256-abc"], styles: [] },
      development: false,
      https: false,
      pathname: "/connexion",
    });
    expect(policy).toContain("script-src 'self' 'sha256-abc';");
    expect(policy).toContain("style-src 'self';");
    expect(policy).not.toContain("nonce");
    expect(policy).not.toContain("unsafe");
  });
});
