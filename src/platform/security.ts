import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";

/**
 * Browsers may call the public routes from any origin. API routes send no CORS headers at all:
 * API keys belong on servers, never in a page.
 */
export const publicCors = cors({ origin: "*", allowMethods: ["GET", "POST", "OPTIONS"], maxAge: 86_400 });

/**
 * Security headers for the HTML pages (the API reference, form answers): this origin only. The
 * reference's script is one of the Worker's static assets; its inline start-up script and styles
 * need 'unsafe-inline'.
 */
export const htmlSecurityHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", "'unsafe-inline'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    fontSrc: ["'self'", "data:"],
    imgSrc: ["'self'", "data:"],
    connectSrc: ["'self'"],
    frameAncestors: ["'none'"],
  },
});

/**
 * Published landing pages: no scripts at all, styles inline, forms only back to this Worker. A form
 * post carries the page's origin and address (under no-referrer it would say Origin: null), which is
 * how /f/ knows the form's own tenant's page; links to other sites get no Referer.
 */
export const landingPageHeaders = secureHeaders({
  referrerPolicy: "same-origin",
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    styleSrc: ["'unsafe-inline'"],
    imgSrc: ["'self'", "data:", "https:"],
    fontSrc: ["'self'", "https:", "data:"],
    formAction: ["'self'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
  },
});
