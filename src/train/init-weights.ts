// Starting a run from trained weights (`--init-weights`): a campaign stage that changes the
// network (a cost volume added to the first layer) keeps what the earlier stage learned.
import { InputError } from '../image/index.js';
import { readWeights } from '../models/index.js';
import type { HostTensor, ParamStore } from '../nn/index.js';

/**
 * Parameters for a fresh run's network: each of `fresh`'s parameters taken from the weight file
 * `path`. A kernel [Cout, Cin, kh, kw] whose file copy has fewer input channels (a layer that
 * grew new inputs, appended after the old ones) keeps the file's channels and gets zeros for
 * the new ones, so the grown network computes exactly what the file's network did. Any other
 * difference (a missing or extra parameter, another shape) is an InputError naming the file.
 */
export function initialParamsFrom(path: string, fresh: ParamStore): ParamStore {
  const { params: file } = readWeights(path);
  const out: ParamStore = new Map();
  for (const [name, mine] of fresh) {
    const theirs = file.get(name);
    if (theirs === undefined) throw new InputError(path, `has no parameter '${name}' of this run's network (another model, width or head?)`);
    out.set(name, adopt(name, theirs, mine.shape, path));
  }
  for (const name of file.keys()) if (!fresh.has(name)) throw new InputError(path, `has parameter '${name}', which this run's network lacks (another model, width or head?)`);
  return out;
}

function adopt(name: string, theirs: HostTensor, shape: readonly number[], path: string): HostTensor {
  const same = theirs.shape.length === shape.length && theirs.shape.every((d, i) => d === shape[i]);
  if (same) return { data: Float32Array.from(theirs.data), shape: [...shape] };
  const [cout, cin, kh, kw] = shape as [number, number, number, number];
  const grown = shape.length === 4 && theirs.shape.length === 4 && theirs.shape[0] === cout && theirs.shape[2] === kh && theirs.shape[3] === kw && (theirs.shape[1] as number) < cin;
  if (!grown) throw new InputError(path, `parameter '${name}' has shape [${theirs.shape.join(', ')}], this run's network needs [${shape.join(', ')}]`);
  const old = theirs.shape[1] as number;
  const tap = kh * kw;
  const data = new Float32Array(cout * cin * tap);
  for (let o = 0; o < cout; o++) data.set(theirs.data.subarray(o * old * tap, (o + 1) * old * tap), o * cin * tap);
  return { data, shape: [...shape] };
}
