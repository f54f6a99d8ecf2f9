// Bundle the page scripts into the server's static folder (git-ignored; built at set-up).
import { build } from "esbuild";

await build({
  entryPoints: ["src/main.js"],
  outfile: "../app/web/static/dist/drill.js",
  bundle: true,
  format: "esm",
  minify: true,
  sourcemap: true,
  target: ["es2020"],
  logLevel: "warning",
});
