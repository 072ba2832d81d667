// `npm install` (postinstall): copies the API reference's standalone script into public/, which
// wrangler serves as static assets, so /docs works with no network and the script does not count
// against the Worker bundle. Plain Node (any version npm runs), no dependencies.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(ROOT, "public", "docs", "scalar.js");
mkdirSync(dirname(target), { recursive: true });
copyFileSync(join(ROOT, "node_modules", "@scalar", "api-reference", "dist", "browser", "standalone.js"), target);
