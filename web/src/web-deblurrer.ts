// The deblurring network in the browser: ONNX Runtime Web (WebAssembly, multi-threaded when the
// page is cross-origin isolated) running the exported model.onnx tile by tile through the same
// FrameSequence as the CLI, so that the page's pixels match `dualpix deblur`'s.
import type * as OrtWeb from 'onnxruntime-web';
import { FrameSequence, layoutFor, type ModelManifest, type TileLayout, type TileRunner } from '../../src/deblur/index.js';
import { inputChannels } from '../../src/models/index.js';
import type { HostTensor } from '../../src/nn/index.js';

/**
 * Activation budget per tile in the browser, MiB: half the CLI's, as WebAssembly memory stops at
 * 4 GiB. Frames up to about 1280 px a side still run in one tile, as in the CLI.
 */
export const WEB_MEMORY_MB = 1024;

type Ort = typeof OrtWeb;
let ortModule: Promise<Ort> | undefined;

/** ONNX Runtime Web, loaded on first use from ort/ beside the page (never from a CDN). */
export function loadOrt(base: string): Promise<Ort> {
  ortModule ??= (async () => {
    const ort = (await import(new URL('ort/ort.wasm.bundle.min.mjs', base).href)) as Ort;
    // Only the binary is fetched: the bundle carries its own glue code (a prefix here would make ORT fetch a separate .mjs).
    ort.env.wasm.wasmPaths = { wasm: new URL('ort/ort-wasm-simd-threaded.wasm', base).href };
    ort.env.wasm.numThreads = globalThis.crossOriginIsolated ? Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)) : 1;
    return ort;
  })();
  return ortModule;
}

/** A TileRunner on ONNX Runtime Web for a single-image export (x → y). */
export class WebDeblurrer implements TileRunner {
  private constructor(
    private readonly ort: Ort,
    private readonly session: OrtWeb.InferenceSession,
    /** The model's manifest (model.json). */
    readonly manifest: ModelManifest,
  ) {}

  /** Fetches model.json and model.onnx from `base` and opens a WASM session. */
  static async create(base: string): Promise<WebDeblurrer> {
    const ort = await loadOrt(base);
    const manifest = (await (await fetchOk(new URL('model.json', base).href)).json()) as ModelManifest;
    const bytes = new Uint8Array(await (await fetchOk(new URL('model.onnx', base).href)).arrayBuffer());
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
    return new WebDeblurrer(ort, session, manifest);
  }

  get channels(): number {
    return inputChannels(this.manifest.spec.model === 'rdpd');
  }

  layout(width: number, height: number): TileLayout {
    return layoutFor(this.manifest.spec, width, height, { memoryMb: WEB_MEMORY_MB });
  }

  async runTile(input: HostTensor): Promise<{ y: HostTensor; state: Record<string, HostTensor> }> {
    const name = this.manifest.inputs[0] as string;
    const out = await this.session.run({ [name]: new this.ort.Tensor('float32', input.data, [...input.shape]) });
    const y = out[this.manifest.outputs[0] as string] as OrtWeb.Tensor;
    return { y: { data: y.data as Float32Array, shape: [...y.dims] }, state: {} };
  }

  /** A fresh frame sequence over this runner (one image = a sequence of one frame). */
  sequence(): FrameSequence {
    return new FrameSequence(this);
  }
}

async function fetchOk(url: string): Promise<Response> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`cannot load ${url} (HTTP ${r.status})`);
  return r;
}
