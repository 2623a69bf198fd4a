import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError, writeFileAtomic } from '../image/index.js';
import { exportInferenceOnnx, loadModelWeights, type ExportFrames } from '../deblur/index.js';
import type { Command } from './command.js';
import { choiceFlag, optionalString, parseFlags, requireString } from './args.js';

const HELP = `dualpix export — a trained network as a standalone ONNX file for any ONNX runtime

  dualpix export --out rdpd.onnx                                  the shipped default model, one image
  dualpix export --model runs/rdpd/model.safetensors --frames sequence --out rdpd-seq.onnx

Flags
  --model M            default (the shipped narrow RDPD) | a .safetensors from \`dualpix train\` | a Keras .hdf5
  --out FILE.onnx      the ONNX file (opset 17, weights embedded)
  --frames F           1 (default): x → y, RDPD starting from zero state
                       sequence: RDPD with its state as inputs h0, c0 and outputs h1, c1 (feed them back)

The graph takes x [N, C, H, W] float32 with any N and any H, W that are multiples of 16: left R,G,B,
right R,G,B in sRGB [0,1] and, for RDPD, the relative radial distance from the centre of the whole
image (0 centre, 1 corners). Pad by reflection, run, crop and clamp y [N, 3, H, W] to [0,1]; the
file's metadata repeats this. The README shows the steps in Python with onnxruntime and numpy.`;

/** `dualpix export`: the inference graph of a model file, weights embedded, as .onnx. */
export const exportCommand: Command = {
  summary: 'export a model as ONNX',
  help: HELP,
  async run(argv) {
    const flags = parseFlags('export', argv, { model: { type: 'string' }, out: { type: 'string' }, frames: { type: 'string' } });
    const out = requireString(flags, 'out');
    const frames: ExportFrames = choiceFlag(flags, 'frames', ['1', 'sequence'] as const, '1') === 'sequence' ? 'sequence' : 'single';
    checkOut(out);
    const weights = await loadModelWeights(optionalString(flags, 'model') ?? 'default');
    if (frames === 'sequence' && weights.kind.model !== 'rdpd') throw new InputError('--frames', `sequence needs a recurrent model; this file holds ${weights.kind.model}`);
    const exported = exportInferenceOnnx(weights, frames);
    writeFileAtomic(out, exported.bytes);
    const io = `${exported.inputs.join(', ')} → ${exported.outputs.join(', ')}`;
    process.stderr.write(`wrote ${out} (${weights.kind.model} width ${weights.kind.width}, ${io}, ${(exported.bytes.length / 1e6).toFixed(1)} MB)\n`);
  },
};

/** The output must be a .onnx file in an existing folder; checked before any work. */
function checkOut(out: string): void {
  if (!/\.onnx$/i.test(out)) throw new InputError('--out', `expected a file name ending in .onnx, got "${out}"`);
  if (isDir(out)) throw new InputError(out, 'is a folder; give a file name (--out)');
  const parent = dirname(out);
  if (!isDir(parent)) throw new InputError(parent, 'no such folder for --out');
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
