// Bundle the page scripts into the server's static folder (git-ignored; built at set-up).
// Three entries: drill.js (every page), design.js (the system-design walkthrough) and plan.js
// (the explain, index and isolation pages: the plan tree, the asks). Code they share, and what
// design.js imports lazily (Mermaid, which is large), goes into chunks, so pages that never
// draw a diagram never download it.
import { rmSync } from "node:fs";
import { build } from "esbuild";

const OUT = "../app/web/static/dist";
rmSync(`${OUT}/chunks`, { recursive: true, force: true }); // chunks of an older build

await build({
  entryPoints: { drill: "src/main.js", design: "src/design.js", plan: "src/plan.js" },
  outdir: OUT,
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  minify: true,
  sourcemap: true,
  target: ["es2020"],
  logLevel: "warning",
});
