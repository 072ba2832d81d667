// HTML from a model (or a person) made safe to serve: an allow-list of elements and attributes,
// applied with the runtime's streaming HTML parser (HTMLRewriter), so what is kept is what a
// browser would parse, not what a regular expression guessed.

const ALLOWED_ELEMENTS = new Set([
  "a",
  "abbr",
  "article",
  "aside",
  "b",
  "blockquote",
  "br",
  "caption",
  "cite",
  "code",
  "dd",
  "del",
  "div",
  "dl",
  "dt",
  "em",
  "figcaption",
  "figure",
  "footer",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "i",
  "img",
  "ins",
  "kbd",
  "li",
  "main",
  "mark",
  "nav",
  "ol",
  "p",
  "picture",
  "pre",
  "q",
  "s",
  "section",
  "small",
  "source",
  "span",
  "strong",
  "sub",
  "sup",
  "table",
  "tbody",
  "td",
  "tfoot",
  "th",
  "thead",
  "time",
  "tr",
  "u",
  "ul",
]);
// Elements whose content is dropped with them: code, or markup that changes how the page loads.
const DROPPED_WITH_CONTENT = new Set([
  "script",
  "style",
  "iframe",
  "object",
  "embed",
  "noscript",
  "template",
  "svg",
  "math",
  "frame",
  "frameset",
  "applet",
  "title",
  "textarea",
  "select",
  "xmp",
  "plaintext",
  "noembed",
  "noframes",
]);
const ALLOWED_ATTRIBUTES = new Set([
  "class",
  "id",
  "href",
  "src",
  "srcset",
  "alt",
  "title",
  "width",
  "height",
  "target",
  "rel",
  "role",
  "datetime",
  "colspan",
  "rowspan",
  "loading",
  "lang",
  "dir",
]);
const URL_ATTRIBUTES = new Set(["href", "src", "srcset"]);

const ENTITIES: Record<string, string> = { colon: ":", tab: "\t", newline: "\n", lpar: "(", rpar: ")", sol: "/" };

/** A numeric reference's character as HTML decodes it: zero, surrogates and values past U+10FFFF are U+FFFD. */
function referenced(codePoint: number): string {
  const invalid = !(codePoint > 0 && codePoint <= 0x10ffff) || (codePoint >= 0xd800 && codePoint <= 0xdfff);
  return invalid ? "\uFFFD" : String.fromCodePoint(codePoint);
}

/** An attribute value as a browser would read it for its scheme: entities decoded, blanks removed. */
function normalisedUrl(value: string): string {
  return (
    value
      .replace(/&#x([0-9a-f]+);?/gi, (_, hex) => referenced(Number.parseInt(hex, 16)))
      .replace(/&#(\d+);?/g, (_, dec) => referenced(Number(dec)))
      .replace(/&([a-z]+);/gi, (m, name: string) => ENTITIES[name.toLowerCase()] ?? m)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what a browser ignores inside a scheme, so they go
      .replace(/[\u0000-\u0020\u007f-\u009f]/g, "")
      .toLowerCase()
  );
}

/** Relative, fragment, http(s), mailto and tel URLs; nothing that runs or embeds a document. */
export function safeUrl(value: string): boolean {
  const url = normalisedUrl(value);
  const scheme = url.match(/^([a-z][a-z0-9+.-]*):/)?.[1];
  return scheme === undefined || ["http", "https", "mailto", "tel"].includes(scheme);
}

/** Sanitised HTML: allowed elements with allowed attributes and safe URLs; the rest removed. */
export async function sanitizeHtml(html: string): Promise<string> {
  const rewriter = new HTMLRewriter()
    .on("*", {
      element(el) {
        const tag = el.tagName.toLowerCase();
        if (DROPPED_WITH_CONTENT.has(tag)) {
          el.remove();
          return;
        }
        if (!ALLOWED_ELEMENTS.has(tag)) {
          el.removeAndKeepContent();
          return;
        }
        for (const [name = "", value = ""] of [...el.attributes]) {
          const attribute = name.toLowerCase();
          const keep =
            (ALLOWED_ATTRIBUTES.has(attribute) || attribute.startsWith("data-") || attribute.startsWith("aria-")) &&
            !(URL_ATTRIBUTES.has(attribute) && !safeUrl(value));
          if (!keep) el.removeAttribute(name);
        }
        // Links that open elsewhere must not hand the opener to the page they open.
        if (tag === "a" && el.getAttribute("target")) el.setAttribute("rel", "noopener noreferrer");
      },
    })
    .onDocument({
      comments(comment) {
        comment.remove();
      },
    });
  return rewriter.transform(new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8" } })).text();
}
