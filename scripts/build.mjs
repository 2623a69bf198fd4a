// Compiles src/ to dist/ and marks the CLI entry executable: tsc writes files 0644, and the
// `dualpix` bin (npx, npm link, npm install -g) must be runnable as is. Then bundles the browser
// app into dist/web (web/build.ts, through tsx and esbuild, both development dependencies: the
// published package carries the built folder).
import { chmodSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
chmodSync('dist/src/cli/main.js', 0o755);
const web = spawnSync(process.execPath, ['--import', 'tsx', 'web/build.ts', 'dist/web'], { stdio: 'inherit' });
if (web.status !== 0) process.exit(web.status ?? 1);
