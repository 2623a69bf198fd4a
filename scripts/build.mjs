// Compiles src/ to dist/ and marks the CLI entry executable: tsc writes files 0644, and the
// `dualpix` bin (npx, npm link, npm install -g) must be runnable as is.
import { chmodSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
chmodSync('dist/src/cli/main.js', 0o755);
