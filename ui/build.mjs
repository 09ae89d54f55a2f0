// build.mjs: bundles the plugin's screens into one ES module (no CDN, no inline script).
// Usage: node build.mjs OUT_DIR
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const outDir = process.argv[2] ?? 'dist';
mkdirSync(outDir, { recursive: true });
await build({
  entryPoints: ['src/index.ts'],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  outfile: join(outDir, 'psp-ui.js'),
  logLevel: 'warning',
});
