import { writePng } from '../image/index.js';
import { InputError } from '../image/index.js';
import { dpKernel, MAX_RADIUS_PX, psfToJson, renderPsfTriple } from '../psf/index.js';
import type { Command } from './command.js';
import { checkOutputFile } from './output-check.js';
import { choiceFlag, numberFlag, parseFlags, requireString } from './args.js';
import { PSF_FLAGS, psfFromFlags } from './psf-options.js';

const HELP = `dualpix psf — render a DP kernel triple (left, right, combined) as a picture

  dualpix psf --radius 12 --out psf.png
  dualpix psf --radius -12 --psf 6,0.8,0.3,0.14 --out front.png --json > front.json
  dualpix psf --radius 12 --psf-model disk --out disk.png        the translating-disk baseline

Flags
  --radius R          signed CoC radius in pixels (positive: behind the focal plane)
  --psf n,a,b,k       Butterworth order n, cutoff fraction alpha, floor beta, smoothing kappa
                      (default 3,0.6,0.2,0.14; paper ranges n 3|6|9, alpha 0.4..1, beta 0.1..0.4, kappa 0.14)
  --psf-model M       butterworth (default) | disk
  --orientation O     reference (default: behind focus, left view's mass on the left) | mirrored
  --colormap C        viridis (default) | grey
  --out FILE.png      the picture (8-bit PNG)
  --json              also print the kernel values as JSON on stdout`;

/** `dualpix psf`: one kernel triple to a PNG, optionally its values as JSON. */
export const psfCommand: Command = {
  summary: 'render a DP PSF triple',
  help: HELP,
  async run(argv) {
    const flags = parseFlags('psf', argv, {
      radius: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      colormap: { type: 'string' },
      ...PSF_FLAGS,
    });
    const radius = numberFlag(flags, 'radius', NaN, -MAX_RADIUS_PX, MAX_RADIUS_PX);
    if (Number.isNaN(radius)) requireString(flags, 'radius');
    const out = requireString(flags, 'out');
    if (!out.toLowerCase().endsWith('.png')) throw new InputError('--out', `writes a PNG picture: give a name ending in .png, got "${out}"`);
    checkOutputFile(out, '--out');
    const { params, model, orientation } = psfFromFlags(flags);
    const kernel = dpKernel(radius, params, { model, orientation });
    const colormap = choiceFlag(flags, 'colormap', ['viridis', 'grey'] as const, 'viridis');
    writePng(out, renderPsfTriple(kernel, { colormap }), 8);
    if (flags.json) process.stdout.write(JSON.stringify({ params, model, orientation, ...psfToJson(kernel) }) + '\n');
    else process.stderr.write(`wrote ${out} (${kernel.size}x${kernel.size} kernel, radius ${radius} px)\n`);
  },
};
