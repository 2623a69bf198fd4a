// `npm run bench -- NAME [args]` runs bench/NAME.ts (see DESIGN.md "Benchmarks").
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const [name, ...rest] = process.argv.slice(2);
if (!name) {
  console.error('bench: name a benchmark, e.g. `npm run bench -- synth`');
  process.exit(2);
}
const file = resolve('bench', `${name}.ts`);
if (!existsSync(file)) {
  console.error(`bench: no benchmark bench/${name}.ts`);
  process.exit(2);
}
process.argv = [process.argv[0], file, ...rest];
await import(pathToFileURL(file).href);
