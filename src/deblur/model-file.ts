// Where deblurring weights come from: the default model shipped in the package's models/
// folder, a weight file or checkpoint written by `dualpix train`, or a reference Keras .hdf5.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, ParameterError } from '../image/index.js';
import { importKeras, readWeights, type LoadedWeights } from '../models/index.js';

/** The default model's file name inside the package's models/ folder. */
export const DEFAULT_MODEL_FILE = 'rdpd-default.safetensors';

/**
 * Path of the shipped default model: models/rdpd-default.safetensors under the package root,
 * found by walking up from this module (src/deblur/ when run through tsx, dist/src/deblur/ when built).
 */
export function defaultModelPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'models', DEFAULT_MODEL_FILE);
    dir = dirname(dir);
  }
  throw new ParameterError('model', `cannot find the dualpix package root above ${fileURLToPath(import.meta.url)}`);
}

/** Loads `default`, a dualpix .safetensors weight file/checkpoint, or a Keras .hdf5/.h5 of RDPD or DPDNet. */
export async function loadModelWeights(spec: string): Promise<LoadedWeights> {
  const path = spec === 'default' ? defaultModelPath() : spec;
  if (!existsSync(path)) throw new InputError(path, spec === 'default' ? 'the default model file is missing from the package' : 'no such model file');
  if (!/\.(hdf5|h5)$/i.test(path)) return readWeights(path);
  let first: unknown;
  for (const model of ['rdpd', 'dpdnet'] as const) {
    try {
      const k = await importKeras(path, { model });
      return { kind: { model, width: k.config.width, recurrentActivation: k.config.recurrentActivation }, params: k.params, metadata: { source: path } };
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      first ??= err;
    }
  }
  throw first;
}
