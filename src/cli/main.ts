#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from './command.js';
import { reportError } from './errors.js';
import { relaunch, wantsRelaunch, watchParent } from './malloc-relaunch.js';

// Each command module is imported only when used, so `dualpix synth` never loads ONNX Runtime.
const COMMANDS: Record<string, () => Promise<Command>> = {
  synth: async () => (await import('./synth-command.js')).synthCommand,
  dataset: async () => (await import('./dataset-command.js')).datasetCommand,
  psf: async () => (await import('./psf-command.js')).psfCommand,
  metrics: async () => (await import('./metrics-command.js')).metricsCommand,
  train: async () => (await import('./train-command.js')).trainCommand,
  deblur: async () => (await import('./deblur-command.js')).deblurCommand,
  eval: async () => (await import('./eval-command.js')).evalCommand,
  export: async () => (await import('./export-command.js')).exportCommand,
  serve: async () => (await import('./serve-command.js')).serveCommand,
};

const USAGE = `dualpix — dual-pixel defocus data synthesis, deblurring and evaluation

Make dual-pixel data
  dualpix synth   --example --out out/example          a DP sample of the built-in scene
  dualpix synth   --rgb IMG --depth DEPTH --camera paper-3 --out DIR
  dualpix dataset --source procedural:20 --frames 4 --layout sequence --out data/
  dualpix psf     --radius 12 --psf 3,0.6,0.2,0.14 --out psf.png

Learn and deblur
  dualpix train   --data data/ --model rdpd --width 0.25 --out runs/rdpd
  dualpix deblur  --left L.png --right R.png --out sharp.png
  dualpix export  --model default --out rdpd.onnx      the network for any ONNX runtime

Measure
  dualpix metrics --pred out.png --gt gt.png
  dualpix eval    --data data/ --out report/

See it
  dualpix serve   --open                               the browser app: DP pairs, deblurring, PSFs

Run \`dualpix COMMAND --help\` for a command's flags.`;

/** Runs the CLI with argv (without node and script); returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE + '\n');
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    process.stdout.write('dualpix 0.1.0\n');
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`dualpix: unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(', ')})\n`);
    return 2;
  }
  try {
    const command = await load();
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(command.help + '\n');
      return 0;
    }
    await command.run(rest);
    // A command may set its own code (130 after Ctrl-C with work saved).
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    return reportError(name, err);
  }
}

function invokedDirectly(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  const argv = process.argv.slice(2);
  watchParent();
  const run = wantsRelaunch(argv[0] ?? '', process.env, process.platform) ? relaunch(argv) : main(argv);
  run.then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.exitCode = reportError(argv[0] ?? 'dualpix', err);
    },
  );
}
