// Import of the reference Keras 2 .hdf5 checkpoints of RDPD and DPDNet. Keras auto-names its
// layers (conv2d_1.., time_distributed_1.., conv_lst_m2d_1), so layers are matched by position:
// the weight-bearing layers of the file's `layer_names` attribute, in order, against our layer
// table (which lists them in the order the reference code creates them).
import { closeSync, openSync, readSync } from 'node:fs';
import h5wasm from 'h5wasm/node';
import { InputError } from '../image/index.js';
import type { HostTensor, ParamStore } from '../nn/index.js';
import { modelConfig, type ModelConfig, type ModelKind, type RecurrentActivation } from './config.js';
import { layerParams, layerTable, type Layer } from './layers.js';

/** Options of importKeras. */
export interface KerasImportOptions {
  readonly model: ModelKind;
  /** ConvLSTM gate activation; default: the file's model_config, else 'hard_sigmoid' (Keras 2's ConvLSTM2D default, which the reference code keeps). */
  readonly recurrentActivation?: RecurrentActivation;
}

/** What importKeras returns: the configuration the weights fit and the weights under dualpix names. */
export interface KerasImport {
  readonly config: ModelConfig;
  readonly params: ParamStore;
  /** Keras layer name matched to each of our layers, in order. */
  readonly matched: readonly { readonly keras: string; readonly layer: string }[];
}

interface FileLayer {
  readonly name: string;
  /** Weights in stored order, keyed by their short name ('kernel', 'recurrent_kernel', 'bias'). */
  readonly weights: readonly { readonly key: string; readonly shape: readonly number[]; readonly data: Float32Array }[];
}

type H5Group = InstanceType<typeof h5wasm.Group>;

function stringList(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  const items = Array.isArray(value) ? value : [value];
  const text = items.map((v) => (typeof v === 'string' ? v : v instanceof Uint8Array ? new TextDecoder().decode(v) : String(v)));
  // Keras writes an empty list for weightless layers; HDF5 readers may return it as one empty string.
  return text.filter((s) => s.length > 0);
}

/** 'conv2d_1/kernel:0' → 'kernel'. */
function shortName(weightName: string): string {
  const last = weightName.split('/').pop() ?? weightName;
  return last.replace(/:\d+$/, '');
}

function readLayers(root: H5Group, path: string): FileLayer[] {
  const namesAttr = root.attrs['layer_names'];
  if (namesAttr === undefined) throw new InputError(path, "no 'layer_names' attribute: not a Keras weights file (expected model_weights/<layer>/... as Keras 2 saves)");
  const out: FileLayer[] = [];
  for (const name of stringList(namesAttr.value)) {
    const group = root.get(name);
    if (!(group instanceof h5wasm.Group)) throw new InputError(path, `layer '${name}' is listed in layer_names but has no group`);
    const weightNames = stringList(group.attrs['weight_names']?.value);
    const weights = weightNames.map((wn) => {
      const ds = group.get(wn);
      if (!(ds instanceof h5wasm.Dataset)) throw new InputError(path, `layer '${name}': weight '${wn}' is missing`);
      const value = ds.value;
      if (!(value instanceof Float32Array || value instanceof Float64Array)) throw new InputError(path, `layer '${name}': weight '${wn}' is not a float array`);
      return { key: shortName(wn), shape: ds.shape ?? [], data: Float32Array.from(value) };
    });
    if (weights.length > 0) out.push({ name, weights });
  }
  return out;
}

/** The ConvLSTM2D layer's recurrent_activation in the file's model_config JSON, if present. */
function recurrentActivationOf(file: H5Group): RecurrentActivation | null {
  const attr = file.attrs['model_config'];
  if (attr === undefined) return null;
  const text = stringList(attr.value)[0];
  if (text === undefined) return null;
  let found: RecurrentActivation | null = null;
  const visit = (node: unknown): void => {
    if (found !== null || node === null || typeof node !== 'object') return;
    const rec = (node as Record<string, unknown>)['recurrent_activation'];
    if (rec === 'sigmoid' || rec === 'hard_sigmoid') {
      found = rec;
      return;
    }
    for (const v of Object.values(node)) visit(v);
  };
  try {
    visit(JSON.parse(text));
  } catch {
    return null;
  }
  return found;
}

const fmt = (s: readonly number[]): string => `[${s.join(',')}]`;

/** ONNX [co, ci, kh, kw] shape → Keras [kh, kw, ci, co]. */
function kerasShape(onnx: readonly number[]): number[] {
  return onnx.length === 4 ? [onnx[2] as number, onnx[3] as number, onnx[1] as number, onnx[0] as number] : [...onnx];
}

/** Keras [kh, kw, ci, co] → ONNX [co, ci, kh, kw]. */
function transposeKernel(data: Float32Array, shape: readonly number[]): Float32Array {
  const [kh, kw, ci, co] = shape as [number, number, number, number];
  const out = new Float32Array(data.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let c = 0; c < ci; c++)
        for (let o = 0; o < co; o++) out[((o * ci + c) * kh + y) * kw + x] = data[((y * kw + x) * ci + c) * co + o] as number;
  return out;
}

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** Checks the HDF5 signature (at 0, 512, 1024 or 2048 bytes) so that a missing or foreign file gets a clear error, not the C library's diagnostics. */
function checkHdf5Signature(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new InputError(path, `cannot open (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    const head = new Uint8Array(8);
    for (const at of [0, 512, 1024, 2048]) {
      if (readSync(fd, head, 0, 8, at) === 8 && head.every((b, i) => b === SIGNATURE[i])) return;
    }
  } finally {
    closeSync(fd);
  }
  throw new InputError(path, 'not an HDF5 file (no HDF5 signature); expected a Keras .hdf5/.h5 checkpoint');
}

function describe(layer: Layer): string {
  return layer.kind === 'conv' ? `${layer.k}x${layer.k} conv ${layer.cin}→${layer.cout}` : `${layer.k}x${layer.k} ConvLSTM ${layer.cin}→${layer.units} units`;
}

/**
 * Reads a Keras 2 .hdf5 file (full model or save_weights) of the reference RDPD or DPDNet and
 * returns its weights under dualpix names with kernels transposed to ONNX layout. The width is
 * read from the first layer. Throws InputError naming the file, the layer and both shapes when
 * the file's layers do not match the architecture.
 */
export async function importKeras(path: string, options: KerasImportOptions): Promise<KerasImport> {
  checkHdf5Signature(path);
  await h5wasm.ready;
  let file: InstanceType<typeof h5wasm.File>;
  try {
    file = new h5wasm.File(path, 'r');
  } catch (err) {
    throw new InputError(path, `cannot open as HDF5 (${err instanceof Error ? err.message : String(err)})`);
  }
  try {
    const mw = file.get('model_weights');
    const root = mw instanceof h5wasm.Group ? mw : file;
    const found = readLayers(root, path);
    const first = found[0]?.weights.find((w) => w.key === 'kernel');
    if (first === undefined || first.shape.length !== 4) throw new InputError(path, 'the first layer with weights has no 4-D kernel; not an RDPD/DPDNet file');
    const baseFilters = options.model === 'rdpd' ? 32 : 64;
    const cfg = modelConfig({
      model: options.model,
      width: (first.shape[3] as number) / baseFilters,
      recurrentActivation: options.recurrentActivation ?? recurrentActivationOf(file) ?? 'hard_sigmoid',
    });
    const table = layerTable(cfg);
    const label = `${options.model === 'rdpd' ? 'RDPD' : 'DPDNet'} (width ${cfg.width})`;
    if (found.length !== table.length) {
      throw new InputError(path, `has ${found.length} layers with weights, ${label} has ${table.length} (file: ${found.map((l) => l.name).join(', ')})`);
    }
    const params: ParamStore = new Map();
    const matched: { keras: string; layer: string }[] = [];
    table.forEach((layer, i) => {
      const fl = found[i] as FileLayer;
      const where = `layer ${i + 1} '${fl.name}' (dualpix '${layer.name}', ${describe(layer)})`;
      const want = layerParams(layer);
      if (fl.weights.length !== want.length) throw new InputError(path, `${where}: has ${fl.weights.length} weights (${fl.weights.map((w) => w.key).join(', ')}), expected ${want.length} (${want.map((w) => w.keras).join(', ')})`);
      for (const p of want) {
        const w = fl.weights.find((x) => x.key === p.keras);
        if (w === undefined) throw new InputError(path, `${where}: no '${p.keras}' weight (has ${fl.weights.map((x) => x.key).join(', ')})`);
        const expected = kerasShape(p.shape);
        if (w.shape.length !== expected.length || w.shape.some((d, k) => d !== expected[k])) {
          throw new InputError(path, `${where}: ${p.keras} is ${fmt(w.shape)}, expected ${fmt(expected)}`);
        }
        const t: HostTensor = { data: p.shape.length === 4 ? transposeKernel(w.data, w.shape) : w.data, shape: [...p.shape] };
        params.set(p.name, t);
      }
      matched.push({ keras: fl.name, layer: layer.name });
    });
    return { config: cfg, params, matched };
  } finally {
    file.close();
  }
}
