// What "zod" resolves to in the Worker's bundle (wrangler.toml [alias]): zod's own index, over the
// classic API without its locales (./zod-classic.mjs).
import * as z from "./zod-classic.mjs";
export * from "./zod-classic.mjs";
export { z, z as default };
