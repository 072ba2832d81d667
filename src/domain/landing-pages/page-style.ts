// The design system's stylesheet, inlined in every published page (no third-party request, nothing
// for the CSP to allow but inline styles). Colours come from the page's palette (contrast.ts);
// the chosen font is named first and system fonts follow, since no web font is loaded.
import type { Palette } from "./contrast";

/** A font a page may name: one family's name, since it goes into the stylesheet as it is. */
export const FONT_NAME = /^[\w\s-]{1,60}$/;

export function pageStyle(p: Palette, font: string): string {
  return `:root{--primary:${p.primary};--on-primary:${p.onPrimary};--background:${p.background};--text:${p.text};--muted:${p.muted};--accent:${p.accent};--surface:${p.surface};--border:${p.border};--line:${p.line};--radius:.75rem;--gutter:max(1.25rem,calc((100% - 68rem)/2))}
*{box-sizing:border-box}
html{scroll-behavior:smooth;-webkit-text-size-adjust:100%}
@media (prefers-reduced-motion:reduce){html{scroll-behavior:auto}}
body{margin:0;font-family:"${font}",system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif;font-size:1.0625rem;line-height:1.6;background:var(--background);color:var(--text)}
h1,h2,h3{line-height:1.2;margin:0 0 .75rem;text-wrap:balance}
h2{font-size:clamp(1.5rem,3.5vw,2.1rem);color:var(--accent)}
h3{font-size:1.15rem}
p{margin:0 0 .75rem}
a{color:var(--accent);text-underline-offset:.2em}
img{max-width:100%;height:auto}
:focus-visible{outline:3px solid var(--accent);outline-offset:3px;border-radius:.25rem}
.skip{position:absolute;left:1rem;top:-4rem;background:var(--background);color:var(--text);padding:.5rem 1rem;border-radius:var(--radius);z-index:1}
.skip:focus{top:1rem}
main section:not(section section){padding:clamp(2.5rem,6vw,4.5rem) var(--gutter)}
main section:not(section section)+section{border-top:1px solid var(--line)}
.section-hero,.hero{background:var(--primary);color:var(--on-primary);border:0!important}
.section-hero :focus-visible,.hero :focus-visible{outline-color:var(--on-primary)}
.hero-inner{max-width:46rem}
.section-hero h1,.hero h1{font-size:clamp(2.1rem,6vw,3.6rem);color:var(--on-primary);margin-bottom:1rem}
.lead{font-size:clamp(1.15rem,2.4vw,1.4rem);max-width:40rem}
.when{font-weight:700}
.button,button{display:inline-block;font:inherit;font-weight:700;line-height:1.2;padding:.9rem 1.5rem;border:2px solid transparent;border-radius:var(--radius);background:var(--primary);color:var(--on-primary);text-decoration:none;cursor:pointer}
.section-hero .button,.hero .button{background:var(--on-primary);color:var(--primary);margin-top:.75rem}
.button:hover,button:hover{filter:brightness(1.08)}
.cards{list-style:none;margin:1.5rem 0 0;padding:0;display:grid;gap:1.25rem;grid-template-columns:repeat(auto-fit,minmax(min(100%,16rem),1fr))}
.card{background:var(--surface);border:1px solid var(--line);border-radius:var(--radius);padding:1.5rem}
.card p:last-child{margin:0}
.role,.muted{color:var(--muted)}
.price{font-size:1.6rem;font-weight:800}
blockquote{margin:0 0 .75rem;font-size:1.1rem}
figure{margin:0}
figcaption{color:var(--muted);font-weight:600}
.agenda{margin:1rem 0 0;padding-left:1.4rem;display:grid;gap:.6rem}
.agenda .time{font-weight:700;margin-right:.75rem}
.faq dt{font-weight:700;margin-top:1.25rem}
.faq dd{margin:.25rem 0 0}
.section-form .form-card{max-width:36rem;margin:0 auto;background:var(--surface);border:1px solid var(--line);border-radius:var(--radius);padding:clamp(1.25rem,4vw,2.25rem)}
form{display:grid;gap:1rem}
.field{display:grid;gap:.35rem}
label{font-weight:600}
.required{color:var(--muted);font-weight:400}
input,textarea{font:inherit;width:100%;padding:.75rem .85rem;border:1px solid var(--border);border-radius:.5rem;background:var(--background);color:var(--text)}
input:focus-visible{outline-offset:1px}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.site-footer{padding:2rem var(--gutter);border-top:1px solid var(--line);color:var(--muted);font-size:.95rem}
.site-footer nav{display:flex;gap:1.25rem;flex-wrap:wrap;margin-bottom:.5rem}
.site-footer a{color:var(--accent)}
@media (min-width:768px){.fields-2{grid-template-columns:1fr 1fr}}`;
}
