import { readFile } from 'node:fs/promises';
import { Rng, InputError, writeFileAtomic } from '../image/index.js';
import type { Graph } from './graph.js';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';
import { fmt } from './shape.js';
import type { ParamStore } from './tensor.js';

function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * Draws every parameter of `g` from its initializer. Each parameter has its own generator
 * derived from (seed, name), so adding a layer does not change the others' initial values.
 */
export function initParams(g: Graph, seed: number): ParamStore {
  const store: ParamStore = new Map();
  for (const p of g.params()) store.set(p.name, { data: p.init.fill(p.shape, Rng.derive(seed, hashName(p.name))), shape: [...p.shape] });
  return store;
}

/** Checks that `store` has a value of the declared shape for every parameter of `g`. */
export function checkParams(g: Graph, store: ParamStore, subject = 'params'): void {
  for (const p of g.params()) {
    const t = store.get(p.name);
    if (t === undefined) throw new InputError(subject, `missing parameter '${p.name}' ${fmt(p.shape)}`);
    if (t.shape.length !== p.shape.length || t.shape.some((d, i) => d !== p.shape[i])) throw new InputError(subject, `parameter '${p.name}' has shape ${fmt(t.shape)}, the model needs ${fmt(p.shape)}`);
  }
}

/** Writes parameters as a safetensors file (atomically: temporary name, then rename). */
export async function saveParams(path: string, store: ParamStore, metadata: Record<string, string> = {}): Promise<void> {
  writeFileAtomic(path, encodeSafetensors(store, metadata));
}

/** Reads a safetensors weight file into a ParamStore. */
export async function loadParams(path: string): Promise<ParamStore> {
  return decodeSafetensors(await readFile(path), path).tensors;
}
