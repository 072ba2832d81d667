import { describe, expect, it } from "vitest";
import { safeUrl, sanitizeHtml } from "../../src/platform/sanitize-html";

// Payloads from the OWASP XSS filter evasion cheat sheet and common model mistakes.
const PAYLOADS = [
  `<script>alert(1)</script>`,
  `<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>`,
  `<img src=x onerror=alert(1)>`,
  `<IMG SRC="javascript:alert('XSS');">`,
  `<img src=JaVaScRiPt:alert(1)>`,
  `<a href="jav&#x09;ascript:alert(1)">x</a>`,
  `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>`,
  `<a href="javascript&colon;alert(1)">x</a>`,
  `<a href=" javascript:alert(1)">x</a>`,
  `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`,
  `<a href="vbscript:msgbox(1)">x</a>`,
  `<svg onload=alert(1)><circle r=1></svg>`,
  `<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>`,
  `<iframe src="https://evil.example"></iframe>`,
  `<iframe srcdoc="<script>alert(1)</script>"></iframe>`,
  `<object data="javascript:alert(1)"></object>`,
  `<embed src="https://evil.example/x.swf">`,
  `<body onload=alert(1)>`,
  `<div onmouseover="alert(1)">hover</div>`,
  `<details open ontoggle=alert(1)>`,
  `<input autofocus onfocus=alert(1)>`,
  `<form action="javascript:alert(1)"><button>go</button></form>`,
  `<button formaction="javascript:alert(1)">x</button>`,
  `<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
  `<base href="https://evil.example/">`,
  `<link rel="stylesheet" href="https://evil.example/x.css">`,
  `<style>@import 'https://evil.example/x.css';</style>`,
  `<div style="background:url(javascript:alert(1))">x</div>`,
  `<p style="behavior:url(x.htc)">x</p>`,
  `<img src="x" srcset="javascript:alert(1) 1x">`,
  `<!--<img src=x onerror=alert(1)>-->`,
  `<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>`,
  `<template><script>alert(1)</script></template>`,
  `<a href="https://ok.example" target="_blank">ok</a>`,
];

describe("sanitizeHtml", () => {
  it.each(PAYLOADS)("leaves nothing that runs: %s", async (payload) => {
    const clean = await sanitizeHtml(`<div>${payload}</div>`);
    expect(clean).not.toMatch(
      /<\s*(script|iframe|object|embed|svg|math|style|link|meta|base|form|input|button|body|details|template|noscript)\b/i,
    );
    expect(clean).not.toMatch(/\son[a-z]+\s*=/i);
    expect(clean).not.toMatch(/\sstyle\s*=/i);
    expect(clean).not.toMatch(/(href|src|srcset|action)\s*=\s*"?[^">]*(javascript|vbscript|data):/i);
    expect(clean.toLowerCase()).not.toContain("javascript&colon;");
  });

  // A pattern over the output cannot see through character references, so a disguised scheme
  // must come out as a link without its href: exactly that, nothing more.
  it.each([
    `jav&#x09;ascript:alert(1)`,
    `&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)`,
    `&#x6A;avascript:alert(1)`,
    `&#0106avascript:alert(1)`,
    `java&#0000009;script:alert(1)`,
    `java&Tab;script:alert(1)`,
    `java&NewLine;script:alert(1)`,
    `javascript&colon;alert(1)`,
    ` javascript:alert(1)`,
    `\u0001javascript:alert(1)`,
    `JaVaScRiPt:alert(1)`,
    `data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==`,
  ])("drops a link whose scheme is disguised: %s", async (href) => {
    expect(await sanitizeHtml(`<div><a href="${href}">x</a></div>`)).toBe("<div><a>x</a></div>");
  });

  it("keeps ordinary content, links and images", async () => {
    const html = `<section class="hero"><h1>Hello</h1><p>Read <a href="/pricing">pricing</a> or <a href="mailto:hi@acme.example">mail us</a>.</p><img src="https://cdn.acme.example/a.png" alt="A"><ul><li>One</li></ul></section>`;
    expect(await sanitizeHtml(html)).toBe(html);
    expect(await sanitizeHtml(`<a href="https://ok.example" target="_blank">ok</a>`)).toBe(
      `<a href="https://ok.example" target="_blank" rel="noopener noreferrer">ok</a>`,
    );
    expect(await sanitizeHtml(`<custom-card data-id="7"><b>kept</b></custom-card>`)).toBe(`<b>kept</b>`);
  });

  it("judges URLs as a browser would read them", () => {
    expect(["/x", "#top", "https://a.example", "mailto:a@b.example", "tel:+15550100", "page.html", "?q=1"].every(safeUrl)).toBe(true);
    expect(
      [
        "javascript:alert(1)",
        "JAVASCRIPT:x",
        "java\tscript:x",
        "&#106;avascript:x",
        "data:text/html,x",
        "vbscript:x",
        "javascript&colon;x",
      ].some(safeUrl),
    ).toBe(false);
  });
});

describe("character references in URLs", () => {
  it("decode out-of-range values, surrogates and zero to U+FFFD, so the URL is judged, not thrown on", () => {
    for (const ref of ["&#x110000;", "&#xD800;", "&#xdfff;", "&#0;", "&#x0;", "&#1114112;", "&#99999999999999999999;"]) {
      expect([ref, safeUrl(`javascript:${ref}alert(1)`)]).toEqual([ref, false]);
      expect([ref, safeUrl(`https://ok.example/${ref}`)]).toEqual([ref, true]);
    }
  });
});
