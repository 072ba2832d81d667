// Fails when an import in src/ runs up the layers, or when imports form a circle.
// The layers (DESIGN.md): api -> domain -> db/platform; jobs, workflows and objects call domain.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const SRC = resolve(import.meta.dirname, "../src");

/** What each top-level folder of src/ may import, besides itself. The entry files may import anything. */
const MAY_IMPORT = {
  api: ["domain", "db", "platform"],
  jobs: ["domain", "db", "platform"],
  workflows: ["domain", "db", "platform"],
  objects: ["domain", "db", "platform"],
  domain: ["db", "platform"],
  platform: ["db"],
  db: [],
};

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") && !path.endsWith(".d.ts") ? [path] : [];
  });
}

function resolveImport(from, specifier) {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [`${base}.ts`, join(base, "index.ts"), base]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {}
  }
  return null;
}

/** Relative imports of a file, types included: a type-only arrow up the layers still ties them together. */
function importsOf(file) {
  const text = readFileSync(file, "utf8");
  const specifiers = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"/g),
    ...text.matchAll(/import\("(\.[^"]+)"\)/g),
  ];
  return specifiers.map((m) => resolveImport(file, m[1])).filter((path) => path !== null);
}

const layerOf = (file) => {
  const top = relative(SRC, file).split("/")[0];
  return top.endsWith(".ts") ? null : top;
};

const files = sourceFiles(SRC);
const graph = new Map(files.map((file) => [file, importsOf(file)]));
const problems = [];

for (const [file, imports] of graph) {
  const layer = layerOf(file);
  if (layer === null) continue;
  const allowed = MAY_IMPORT[layer];
  if (!allowed) {
    problems.push(`${relative(SRC, file)}: src/${layer} has no place in the layers`);
    continue;
  }
  for (const target of imports) {
    const to = layerOf(target);
    if (to !== layer && !allowed.includes(to))
      problems.push(`${relative(SRC, file)} imports ${relative(SRC, target)}: ${layer} may not import ${to ?? "the entry"}`);
  }
}

// Circles: a depth-first walk that meets a file still on its own path.
const state = new Map();
function walk(file, path) {
  state.set(file, "open");
  for (const target of graph.get(file) ?? []) {
    if (state.get(target) === "open") {
      const circle = [...path.slice(path.indexOf(target)), target].map((f) => relative(SRC, f));
      problems.push(`import circle: ${circle.join(" -> ")}`);
    } else if (!state.has(target)) walk(target, [...path, target]);
  }
  state.set(file, "done");
}
for (const file of files) if (!state.has(file)) walk(file, [file]);

if (problems.length > 0) {
  console.error(`layers: ${problems.length} problem(s)\n${problems.join("\n")}`);
  process.exit(1);
}
console.log(`layers: ${files.length} files, every import points down, no circle`);
