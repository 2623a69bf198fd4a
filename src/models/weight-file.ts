// Weight files: a trained network's parameters in safetensors, with the model kind, width and
// head that rebuild its graph in the metadata. Written by `dualpix train`, read by deblurring,
// evaluation and export; a training checkpoint's parameters read the same way.
import { InputError, readInputFile, writeFileAtomic } from '../image/index.js';
import { decodeSafetensors, encodeSafetensors, type HostTensor, type ParamStore } from '../nn/index.js';

/** Format tag of a training checkpoint (src/train writes it; its parameters load as weights). */
export const CHECKPOINT_FORMAT = 'dualpix-train-checkpoint-1';
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
  /** Maximum shift of the DP cost volume, px (see ModelConfig.costVolume); absent = none. */
  readonly costVolume?: number;
}

/** Writes trained parameters as a weight file that `dualpix deblur --model PATH` reads; atomic. */
export function writeWeights(path: string, params: ParamStore, kind: NetworkSpec, extra: Record<string, string> = {}): void {
  const sorted = new Map([...params].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
  const gates: Record<string, string> = kind.recurrentActivation ? { recurrent_activation: kind.recurrentActivation } : {};
  const residual: Record<string, string> = kind.residual ? { residual: 'true' } : {};
  const head: Record<string, string> = kind.head === 'wide' ? { head: 'wide' } : {};
  const cost: Record<string, string> = kind.costVolume ? { cost_volume: String(kind.costVolume) } : {};
  writeFileAtomic(path, encodeSafetensors(sorted, { ...extra, format: WEIGHTS_FORMAT, model: kind.model, width: String(kind.width), ...gates, ...residual, ...head, ...cost }));
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
  const { tensors, metadata } = decodeSafetensors(readInputFile(path), path);
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
  const trained = format === CHECKPOINT_FORMAT ? (parseJson(metadata['config'], path, 'config') as { residual?: unknown; head?: unknown; costVolume?: unknown }) : null;
  const residual = metadata['residual'] === 'true' || trained?.residual === true;
  const head = metadata['head'] ?? trained?.head ?? 'paper';
  if (head !== 'paper' && head !== 'wide') throw new InputError(path, `unknown output head "${String(head)}" in the file's metadata`);
  const costVolume = metadata['cost_volume'] !== undefined ? Number(metadata['cost_volume']) : typeof trained?.costVolume === 'number' ? trained.costVolume : 0;
  if (!(Number.isInteger(costVolume) && costVolume >= 0)) throw new InputError(path, `bad cost_volume "${metadata['cost_volume'] ?? ''}" in the file's metadata`);
  const spec: NetworkSpec = {
    model,
    width,
    ...(gates ? { recurrentActivation: gates } : {}),
    ...(residual ? { residual } : {}),
    ...(head === 'wide' ? { head } : {}),
    ...(costVolume > 0 ? { costVolume } : {}),
  };
  return { kind: spec, params, metadata };
}

function parseJson(text: string | undefined, path: string, what: string): unknown {
  try {
    return JSON.parse(text ?? '') as unknown;
  } catch {
    throw new InputError(path, `checkpoint metadata "${what}" is missing or not JSON`);
  }
}
