// Training checkpoints, safetensors. A checkpoint holds everything a resumed run needs to
// continue bit-exactly: parameters, Adam moments, the step count, the resolved config and the
// running epoch statistics. The random stream needs no saved state: every draw of step s comes
// from Rng.derive(seed, s, …), so (seed, step) is the RNG state. Weight files (parameters
// alone) are src/models' weight-file.ts, which also reads a checkpoint's parameters.
import { readFileSync } from 'node:fs';
import { InputError, writeFileAtomic } from '../image/index.js';
import { CHECKPOINT_FORMAT } from '../models/index.js';
import { decodeSafetensors, encodeSafetensors } from '../nn/index.js';
import type { TrainConfig } from './config.js';
import type { TrainState } from './step-set.js';

/** Progress of a run beyond the optimizer state, saved so that a resumed run logs what an uninterrupted one would. */
export interface RunProgress {
  /** Sum of the training losses of the current epoch's steps so far. */
  readonly epochLossSum: number;
  /** Steps of the current epoch done so far. */
  readonly epochSteps: number;
  /** Seconds of training so far, across resumes. */
  readonly elapsedS: number;
  /** Best validation PSNR so far (dB) and the step it was reached at: the weights in BEST_WEIGHTS_NAME. */
  readonly bestValPsnr?: number;
  readonly bestStep?: number;
}

/** A decoded training checkpoint. */
export interface Checkpoint {
  readonly state: TrainState;
  readonly config: TrainConfig;
  readonly progress: RunProgress;
}

/** Writes a training checkpoint to `path` atomically (temporary name, then rename). */
export function writeCheckpoint(path: string, state: TrainState, config: TrainConfig, progress: RunProgress): void {
  writeFileAtomic(
    path,
    encodeSafetensors(state.tensors, {
      format: CHECKPOINT_FORMAT,
      model: config.model,
      width: String(config.width),
      steps: String(state.steps),
      config: JSON.stringify(config),
      // Exact round trip: JSON keeps every float64 digit.
      progress: JSON.stringify(progress),
      rng: `Rng.derive(seed=${config.seed}, step, ...)`,
    }),
  );
}

/** Reads a checkpoint written by writeCheckpoint; InputError naming the file when it is not one. */
export function readCheckpoint(path: string): Checkpoint {
  const { tensors, metadata } = decodeSafetensors(readBytes(path), path);
  if (metadata['format'] !== CHECKPOINT_FORMAT) throw new InputError(path, `not a dualpix training checkpoint (format ${metadata['format'] ?? 'missing'})`);
  const config = parseJson(metadata['config'], path, 'config') as TrainConfig;
  const progress = parseJson(metadata['progress'], path, 'progress') as RunProgress;
  const steps = Number(metadata['steps']);
  if (!Number.isInteger(steps) || steps < 0) throw new InputError(path, `bad step count "${metadata['steps']}"`);
  return { state: { tensors, steps }, config, progress };
}

function readBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new InputError(path, `cannot read file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

function parseJson(text: string | undefined, path: string, what: string): unknown {
  try {
    return JSON.parse(text ?? '') as unknown;
  } catch {
    throw new InputError(path, `checkpoint metadata "${what}" is missing or not JSON`);
  }
}
