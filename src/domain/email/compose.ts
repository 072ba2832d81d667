import { escapeHtml } from "../../platform/html";
import { sanitizeHtml } from "../../platform/sanitize-html";
import { signToken } from "./tracking-tokens";

// A message as it goes out: the sanitised HTML with its links rewritten to click tracking, an
// open pixel, an unsubscribe footer in both parts, and the text part. Tokens are derived from the
// message id, so composing the same message twice gives the same result.

export interface ComposeInput {
  messageId: string;
  html: string | null;
  text: string | null;
  tracking: boolean;
  publicUrl: string;
  secret: string;
}

export interface Composed {
  html: string;
  text: string;
  /** Where the HTML's links go, as a browser reads their hrefs, by index. */
  links: string[];
  unsubscribeUrl: string;
}

const BLOCKS = new Set(["p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr", "table"]);

/** The text a reader sees in an HTML body: blocks on their own lines, each link's address after it. */
async function textOf(html: string): Promise<string> {
  let out = "";
  await new HTMLRewriter()
    .on("*", {
      element(el) {
        const tag = el.tagName.toLowerCase();
        if (BLOCKS.has(tag)) out += "\n";
        const href = tag === "a" ? el.getAttribute("href") : null;
        if (href && /^https?:/i.test(href))
          el.onEndTag(() => {
            out += ` (${href})`;
          });
      },
      text(chunk) {
        out += chunk.text;
      },
    })
    .transform(new Response(html))
    .text();
  return out
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Plain text as HTML: escaped, paragraphs kept, bare links made clickable. */
function htmlOf(text: string): string {
  return text
    .split(/\n{2,}/)
    .map(
      (paragraph) =>
        `<p>${escapeHtml(paragraph)
          .replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`)
          .replace(/\n/g, "<br>")}</p>`,
    )
    .join("\n");
}

const NAMED_REFERENCES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/**
 * An attribute's value as a browser reads it: HTMLRewriter hands it over with its character
 * references still in (`?a=1&amp;b=2`), and a click must redirect where the link goes.
 */
function attributeValue(raw: string): string {
  return raw.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (reference, name: string) => {
    if (name[0] !== "#") return NAMED_REFERENCES[name.toLowerCase()] ?? reference;
    const code = name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : reference;
  });
}

/**
 * Where a browser goes from an http(s) link: the URL standard drops the tabs and line breaks an
 * href may hold (`&#10;`) and escapes what a URL cannot carry, and a redirect's Location header
 * could hold neither. Null for any other link, and for an href no browser could follow: those stay
 * as written, untracked.
 */
function followedUrl(href: string): string | null {
  if (!/^https?:\/\//i.test(href) || !URL.canParse(href)) return null;
  return new URL(href).href;
}

async function rewriteLinks(html: string, input: ComposeInput): Promise<{ html: string; links: string[] }> {
  const links: string[] = [];
  const collected = await new HTMLRewriter()
    .on("a[href]", {
      element(el) {
        const url = followedUrl(attributeValue(el.getAttribute("href") ?? ""));
        if (!url) return;
        links.push(url);
        el.setAttribute("data-link", String(links.length - 1));
      },
    })
    .transform(new Response(html))
    .text();
  if (!input.tracking || links.length === 0) return { html, links };
  const tokens = await Promise.all(links.map((_, link) => signToken(input.secret, { kind: "c", messageId: input.messageId, link })));
  const rewritten = await new HTMLRewriter()
    .on("a[data-link]", {
      element(el) {
        const index = Number(el.getAttribute("data-link"));
        el.removeAttribute("data-link");
        el.setAttribute("href", `${input.publicUrl}/t/c/${tokens[index]}`);
      },
    })
    .transform(new Response(collected))
    .text();
  return { html: rewritten, links };
}

export async function composeMessage(input: ComposeInput): Promise<Composed> {
  const sourceHtml = input.html !== null ? await sanitizeHtml(input.html) : htmlOf(input.text ?? "");
  const text = input.text ?? (await textOf(sourceHtml));
  const { html, links } = await rewriteLinks(sourceHtml, input);
  const unsubscribeUrl = `${input.publicUrl}/t/u/${await signToken(input.secret, { kind: "u", messageId: input.messageId, link: null })}`;
  const openToken = await signToken(input.secret, { kind: "o", messageId: input.messageId, link: null });
  const pixel = input.tracking ? `<img src="${input.publicUrl}/t/o/${openToken}" width="1" height="1" alt="" style="display:none">` : "";
  const footer = `<p style="font-size:12px;color:#6b7280">Don't want these emails? <a href="${unsubscribeUrl}">Unsubscribe</a>.</p>`;
  return {
    html: `${html}\n${footer}${pixel}`,
    text: `${text}\n\n--\nUnsubscribe: ${unsubscribeUrl}`,
    links,
    unsubscribeUrl,
  };
}
