// One IIFE file, minified, with the version baked in; `make install` runs this after `npm ci`.
import { build } from "esbuild";
import { readFileSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";

const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));
const outfile = "dist/berth-widget.js";
const BUDGET_GZIP = 35 * 1024;

await build({
  entryPoints: ["src/index.ts"],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  outfile,
  legalComments: "eof",
  define: { __BERTH_WIDGET_VERSION__: JSON.stringify(pkg.version) },
  logLevel: "warning",
});

const raw = statSync(outfile).size;
const gzipped = gzipSync(readFileSync(outfile), { level: 9 }).length;
console.log(`${outfile}: ${(raw / 1024).toFixed(1)} kB, ${(gzipped / 1024).toFixed(1)} kB gzipped`);
if (gzipped > BUDGET_GZIP) {
  console.error(`over the ${BUDGET_GZIP / 1024} kB gzipped budget`);
  process.exit(1);
}
