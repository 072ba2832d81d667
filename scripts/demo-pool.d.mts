/** The demo tenant's prospect pool, in the import's columns (see demo-pool.mjs). */
export function demoPoolRows(): Record<string, string | number>[];
