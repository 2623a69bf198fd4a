// A trained network as a standalone ONNX file for any ONNX runtime (Python onnxruntime,
// onnxruntime-web, …): the one-frame inference graph with the weights embedded, dynamic batch,
// height and width, and the feed contract written into the file's metadata so that the file
// explains itself.
import { InputError } from '../image/index.js';
import { buildInferenceNetwork, firstBlockFilters, inputChannels, SIZE_MULTIPLE, type LoadedWeights, type NetworkSpec } from '../models/index.js';
import { exportOnnx } from '../nn/index.js';

/** Which graph to export: one image (RDPD starts from zero state), or one frame of a sequence with the state as inputs and outputs. */
export type ExportFrames = 'single' | 'sequence';

/** The graph-level names and contract of an exported file. */
export interface OnnxExport {
  /** The .onnx file's bytes. */
  readonly bytes: Uint8Array;
  /** Graph inputs: x, and for an RDPD sequence h0, c0. */
  readonly inputs: readonly string[];
  /** Graph outputs: y, and for an RDPD sequence h1, c1. */
  readonly outputs: readonly string[];
  /** metadata_props written into the file. */
  readonly metadata: Readonly<Record<string, string>>;
}

/** Metadata key prefix of every entry an exported file carries. */
export const EXPORT_METADATA_PREFIX = 'dualpix.';

/**
 * The ONNX inference graph of `weights` (opset 17): input x [N, C, H, W] float32 with H and W
 * multiples of 16 px, output y [N, 3, H, W] in sRGB (clamp to [0,1]). `frames: 'sequence'`
 * (RDPD only) adds the ConvLSTM state h0, c0 → h1, c1 [N, U, H/16, W/16].
 */
export function exportInferenceOnnx(weights: LoadedWeights, frames: ExportFrames = 'single'): OnnxExport {
  const spec = weights.kind;
  if (frames === 'sequence' && spec.model !== 'rdpd') throw new InputError('frames', `${spec.model} has no recurrent state; export it as a single-image graph`);
  const net = buildInferenceNetwork(spec, { recurrent: frames === 'sequence' });
  const metadata = exportMetadata(spec, frames, net.state.length > 0);
  const bytes = exportOnnx(net.graph, net.outputs, {
    params: 'initializers',
    values: weights.params,
    name: `dualpix-${spec.model}`,
    metadata,
    docString: Object.entries(metadata).map(([k, v]) => `${k}: ${v}`).join('\n'),
  });
  return { bytes, inputs: [net.input, ...net.state.map((s) => s.input)], outputs: [net.output, ...net.state.map((s) => s.output)], metadata };
}

function exportMetadata(spec: NetworkSpec, frames: ExportFrames, state: boolean): Record<string, string> {
  const c = inputChannels(spec.model === 'rdpd');
  const p = EXPORT_METADATA_PREFIX;
  const m: Record<string, string> = {
    [`${p}model`]: spec.model,
    [`${p}width`]: String(spec.width),
    [`${p}residual`]: String(spec.residual === true),
    [`${p}cost_volume`]: String(spec.costVolume ?? 0),
    [`${p}recurrent_activation`]: spec.recurrentActivation ?? 'sigmoid',
    [`${p}first_block_filters`]: String(firstBlockFilters(spec)),
    [`${p}frames`]: frames,
    [`${p}size_multiple`]: String(SIZE_MULTIPLE),
    [`${p}input`]:
      `x [N, ${c}, H, W] float32, H and W multiples of ${SIZE_MULTIPLE}: left view R,G,B then right view R,G,B, sRGB in [0,1]` +
      (c === 7 ? '; channel 6 the relative radial distance of each pixel from the centre of the whole unpadded image (0 at the centre, 1 at the corner pixels)' : '') +
      '. Pad the image by reflection (numpy mode "reflect") to a multiple of 16, then crop the output back.',
    [`${p}output`]: 'y [N, 3, H, W] float32, the sharp image in sRGB; clamp to [0,1]',
  };
  if (state) m[`${p}state`] = 'h0, c0 [N, U, H/16, W/16]: zeros on the first frame, then the previous frame\'s h1, c1';
  return m;
}

/** What a page or another runtime needs to feed an exported file: the network spec (for tiling), its I/O names and metadata; JSON-ready. */
export interface ModelManifest {
  readonly spec: NetworkSpec;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly metadata: Readonly<Record<string, string>>;
}

/** The manifest (model.json beside model.onnx) of an exported file. */
export function modelManifest(spec: NetworkSpec, exported: OnnxExport): ModelManifest {
  return { spec, inputs: exported.inputs, outputs: exported.outputs, metadata: exported.metadata };
}
