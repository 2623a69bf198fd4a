// Training checkpoints and weight files, both safetensors. A checkpoint holds everything a
// resumed run needs to continue bit-exactly: parameters, Adam moments, the step count, the
// resolved config and the running epoch statistics. The random stream needs no saved state:
// every draw of step s comes from Rng.derive(seed, s, …), so (seed, step) is the RNG state.
// A weight file holds the parameters alone, with the model kind and width that rebuild the graph.
import { readFileSync } from 'node:fs';
import { InputError, writeFileAtomic } from '../image/index.js';
import { decodeSafetensors, encodeSafetensors, type HostTensor, type ParamStore } from '../nn/index.js';
import type { TrainConfig } from './config.js';
import type { TrainState } from './step-set.js';

const CHECKPOINT_FORMAT = 'dualpix-train-checkpoint-1';
const WEIGHTS_FORMAT = 'dualpix-weights-1';

/** The network a weight file is for: the kind and the channel multiplier that rebuild its graph. */
export interface NetworkSpec {
  readonly model: 'rdpd' | 'dpdnet';
  /** Channel multiplier (1 = the published network: RDPD 32, DPDNet 64 first-block filters). */
  readonly width: number;
  /** ConvLSTM gates: 'sigmoid' (the paper, and what `dualpix train` uses) unless the weights came from Keras 2. */
  readonly recurrentActivation?: 'sigmoid' | 'hard_sigmoid';
  /** RDPD with the residual head (see ModelConfig.residual); absent = the published network. */
  readonly residual?: boolean;
  /** Output head (see ModelConfig.head); absent = the published one. */
  readonly head?: 'paper' | 'wide';
}

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

/** Writes trained parameters as a weight file that `dualpix deblur --model PATH` reads; atomic. */
export function writeWeights(path: string, params: ParamStore, kind: NetworkSpec, extra: Record<string, string> = {}): void {
  const sorted = new Map([...params].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
  const gates: Record<string, string> = kind.recurrentActivation ? { recurrent_activation: kind.recurrentActivation } : {};
  const residual: Record<string, string> = kind.residual ? { residual: 'true' } : {};
  const head: Record<string, string> = kind.head === 'wide' ? { head: 'wide' } : {};
  writeFileAtomic(path, encodeSafetensors(sorted, { ...extra, format: WEIGHTS_FORMAT, model: kind.model, width: String(kind.width), ...gates, ...residual, ...head }));
}

/** Weights and the network they belong to. */
export interface LoadedWeights {
  readonly kind: NetworkSpec;
  readonly params: ParamStore;
  /** The file's metadata (training steps, config, …). */
  readonly metadata: Readonly<Record<string, string>>;
}

/** Reads a weight file or a training checkpoint (its parameters); InputError naming the file on any problem. */
export function readWeights(path: string): LoadedWeights {
  const { tensors, metadata } = decodeSafetensors(readBytes(path), path);
  const format = metadata['format'];
  if (format !== WEIGHTS_FORMAT && format !== CHECKPOINT_FORMAT) {
    throw new InputError(path, `not a dualpix weight file (format ${format ?? 'missing'}; expected one written by \`dualpix train\`)`);
  }
  const model = metadata['model'];
  const width = Number(metadata['width']);
  if (model !== 'rdpd' && model !== 'dpdnet') throw new InputError(path, `unknown model kind "${model ?? ''}" in the file's metadata`);
  if (!(Number.isFinite(width) && width > 0)) throw new InputError(path, `bad width "${metadata['width'] ?? ''}" in the file's metadata`);
  const gates = metadata['recurrent_activation'];
  if (gates !== undefined && gates !== 'sigmoid' && gates !== 'hard_sigmoid') throw new InputError(path, `unknown recurrent_activation "${gates}" in the file's metadata`);
  const params: ParamStore = new Map();
  for (const [key, t] of tensors) {
    if (format === WEIGHTS_FORMAT) params.set(key, t);
    else if (key.startsWith('param/')) params.set(key.slice(6), t as HostTensor);
  }
  const trained = format === CHECKPOINT_FORMAT ? (parseJson(metadata['config'], path, 'config') as TrainConfig) : null;
  const residual = metadata['residual'] === 'true' || trained?.residual === true;
  const head = metadata['head'] ?? trained?.head ?? 'paper';
  if (head !== 'paper' && head !== 'wide') throw new InputError(path, `unknown output head "${head}" in the file's metadata`);
  return { kind: { model, width, ...(gates ? { recurrentActivation: gates } : {}), ...(residual ? { residual } : {}), ...(head === 'wide' ? { head } : {}) }, params, metadata };
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
