// Starting a run from trained weights (`--init-weights`): a campaign stage that changes the
// network (a cost volume added to the first layer) keeps what the earlier stage learned.
import { InputError } from '../image/index.js';
import { costVolumeChannels, readWeights, type NetworkSpec } from '../models/index.js';
import type { HostTensor, ParamStore } from '../nn/index.js';

/**
 * Parameters for a fresh run's network `spec`: each of `fresh`'s parameters taken from the weight
 * file `path`, which must hold the same network, or the same without a cost volume. Then conv1_1,
 * which grew the cost volume's input channels (appended after the old ones), keeps the file's
 * channels and gets zeros for the new ones, so the grown network computes exactly what the file's
 * network did. Any other difference (kind, width, head, residual, gates, another cost volume, a
 * missing or extra parameter, another shape) is an InputError naming the file.
 */
export function initialParamsFrom(path: string, spec: NetworkSpec, fresh: ParamStore): ParamStore {
  const { kind, params: file } = readWeights(path);
  const base = (s: NetworkSpec): string => JSON.stringify([s.model, s.width, s.residual === true, s.head ?? 'paper', s.recurrentActivation ?? 'sigmoid']);
  if (base(kind) !== base(spec)) throw new InputError(path, `holds ${describe(kind)}, this run trains ${describe(spec)}`);
  const [had, wants] = [kind.costVolume ?? 0, spec.costVolume ?? 0];
  if (had !== wants && had !== 0) throw new InputError(path, `has a ${had} px cost volume, this run's is ${wants} px (only a network without one can grow one)`);
  const grown = had === wants ? 0 : costVolumeChannels(wants);
  const out: ParamStore = new Map();
  for (const [name, mine] of fresh) {
    const theirs = file.get(name);
    if (theirs === undefined) throw new InputError(path, `has no parameter '${name}' of this run's network`);
    out.set(name, adopt(name, theirs, mine.shape, path, name === 'conv1_1/kernel' ? grown : 0));
  }
  for (const name of file.keys()) if (!fresh.has(name)) throw new InputError(path, `has parameter '${name}', which this run's network lacks (another model, width or head?)`);
  return out;
}

function describe(s: NetworkSpec): string {
  return `${s.model} width ${s.width}${s.residual ? ', residual' : ''}, ${s.head ?? 'paper'} head, ${s.recurrentActivation ?? 'sigmoid'} gates`;
}

/** The file's tensor for a parameter of `shape`; `grownInputs` > 0: a kernel with that many new input channels after the file's. */
function adopt(name: string, theirs: HostTensor, shape: readonly number[], path: string, grownInputs: number): HostTensor {
  const same = theirs.shape.length === shape.length && theirs.shape.every((d, i) => d === shape[i]);
  if (same && grownInputs === 0) return { data: Float32Array.from(theirs.data), shape: [...shape] };
  const [cout, cin, kh, kw] = shape as [number, number, number, number];
  const grown = grownInputs > 0 && shape.length === 4 && theirs.shape.length === 4 && theirs.shape[0] === cout && theirs.shape[2] === kh && theirs.shape[3] === kw && (theirs.shape[1] as number) + grownInputs === cin;
  if (!grown) throw new InputError(path, `parameter '${name}' has shape [${theirs.shape.join(', ')}], this run's network needs [${shape.join(', ')}]`);
  const old = theirs.shape[1] as number;
  const tap = kh * kw;
  const data = new Float32Array(cout * cin * tap);
  for (let o = 0; o < cout; o++) data.set(theirs.data.subarray(o * old * tap, (o + 1) * old * tap), o * cin * tap);
  return { data, shape: [...shape] };
}
