// Bundle the page scripts into the server's static folder (git-ignored; built at set-up).
// Five entries: drill.js (every page), design.js (the system-design walkthrough), plan.js
// (the explain, index and isolation pages: the plan tree, the asks), apidesign.js (the
// API-design page and its YAML editor) and stories.js (the behavioral page and the story bank). Code they share, and what
// design.js imports lazily (Mermaid, which is large), goes into chunks, so pages that never
// draw a diagram never download it.
import { rmSync } from "node:fs";
import { build } from "esbuild";

const OUT = "../app/web/static/dist";
rmSync(`${OUT}/chunks`, { recursive: true, force: true }); // chunks of an older build

await build({
  entryPoints: {
    drill: "src/main.js",
    design: "src/design.js",
    plan: "src/plan.js",
    apidesign: "src/apidesign.js",
    stories: "src/stories.js",
  },
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
