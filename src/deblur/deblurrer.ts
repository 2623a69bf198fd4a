// Deblurring with a trained network: one DP pair, or a sequence in frame order with the
// recurrent state carried from frame to frame. Frames of any size are reflect-padded to a
// multiple of 16 and cropped back; frames too big for the memory budget go through fixed
// overlapping tiles (tiling.ts), each tile carrying its own state across the sequence.
import { InputError, toRgb, type Image } from '../image/index.js';
import { InferenceRunner, type HostTensor, type RuntimeOptions } from '../nn/index.js';
import { buildInferenceNetwork, firstBlockFilters, inputChannels, writeRadial, zeroState, type InferenceNetwork, type LoadedWeights, type NetworkSpec } from '../models/index.js';
import { copyReflected, planTiles, roundUp16, tileForBudget, type TileLayout } from './tiling.js';

/** Options of a Deblurrer. */
export interface DeblurOptions {
  /** ONNX Runtime intra-op threads (default: all cores). */
  readonly threads?: number;
  /** Activation memory allowed per network call, MiB (default 2048); bigger frames are tiled. */
  readonly memoryMb?: number;
  /** Force tiles of this side (px, a multiple of 16) instead of choosing from the memory budget. */
  readonly tile?: number;
  /** Overlap of neighbouring tiles, px (default 64). */
  readonly overlap?: number;
}

/** Default activation budget per network call, MiB. */
export const DEFAULT_DEBLUR_MEMORY_MB = 2048;
/** Default tile overlap, px. */
export const DEFAULT_TILE_OVERLAP = 64;

/** A trained network ready to deblur DP pairs (left and right views, sRGB [0,1], same size). */
export class Deblurrer {
  private constructor(
    private readonly runner: InferenceRunner,
    private readonly net: InferenceNetwork,
    /** The network's kind and width. */
    readonly spec: NetworkSpec,
    private readonly options: DeblurOptions,
  ) {}

  /** Builds the inference graph for `weights` and opens an ONNX Runtime session on it. */
  static async create(weights: LoadedWeights, options: DeblurOptions = {}): Promise<Deblurrer> {
    const net = buildInferenceNetwork(weights.kind);
    const runtime: RuntimeOptions | undefined = options.threads ? { threads: options.threads } : undefined;
    const runner = await InferenceRunner.create(net.graph, net.outputs, weights.params, runtime);
    return new Deblurrer(runner, net, weights.kind, options);
  }

  /** Tiles a width×height frame would be cut into with this deblurrer's options (px). */
  layout(width: number, height: number): TileLayout {
    const overlap = this.options.overlap ?? DEFAULT_TILE_OVERLAP;
    const budget = (this.options.memoryMb ?? DEFAULT_DEBLUR_MEMORY_MB) * 1024 * 1024;
    const tile = this.options.tile ?? Math.max(roundUp16(width), roundUp16(height), 16);
    const fits = this.options.tile === undefined && tile <= tileForBudget(firstBlockFilters(this.spec), budget) * 1.0001;
    const side = this.options.tile ?? (fits ? tile : tileForBudget(firstBlockFilters(this.spec), budget));
    return planTiles(width, height, side, Math.min(overlap, side - 16));
  }

  /** Deblurs one pair (fresh recurrent state): the sharp estimate, sRGB [0,1], the pair's size. */
  async deblur(left: Image, right: Image): Promise<Image> {
    return this.sequence().next(left, right);
  }

  /** A sequence: frames deblurred in order, the recurrent state of each tile carried to the next frame. */
  sequence(): FrameSequence {
    return new FrameSequence(this);
  }

  /** Runs one tile: network input [1, C, h, w] and the tile's state → output [1, 3, h, w] and new state. */
  async runTile(input: HostTensor, state: Record<string, HostTensor> | undefined): Promise<{ y: HostTensor; state: Record<string, HostTensor> }> {
    const feeds = { [this.net.input]: input, ...(state ?? zeroState(this.runner, this.net, input.shape)) };
    const out = await this.runner.run(feeds);
    return { y: out[this.net.output] as HostTensor, state: Object.fromEntries(this.net.state.map((s) => [s.input, out[s.output] as HostTensor])) };
  }

  /** Input channels per frame: 7 with the radial channel (RDPD), 6 without (DPDNet). */
  get channels(): number {
    return inputChannels(this.spec.model === 'rdpd');
  }

  /** Frees the native session. */
  async release(): Promise<void> {
    await this.runner.release();
  }
}

/** Frames of one sequence; all must have the first frame's size. */
export class FrameSequence {
  private layout: TileLayout | undefined;
  private states: (Record<string, HostTensor> | undefined)[] = [];

  constructor(private readonly model: Deblurrer) {}

  /** Deblurs the next frame of the sequence. */
  async next(left: Image, right: Image, subject = 'right view'): Promise<Image> {
    const l = toRgb(left);
    const r = toRgb(right);
    if (l.width !== r.width || l.height !== r.height) throw new InputError(subject, `is ${r.width}x${r.height} but its left view is ${l.width}x${l.height}`);
    if (!this.layout) {
      this.layout = this.model.layout(l.width, l.height);
      this.states = this.layout.tiles.map(() => undefined);
    }
    const lay = this.layout;
    if (l.width !== lay.width || l.height !== lay.height) throw new InputError(subject, `is ${l.width}x${l.height} but the sequence's first frame is ${lay.width}x${lay.height}`);
    const W = lay.width;
    const H = lay.height;
    const acc = new Float32Array(3 * W * H);
    const wsum = new Float32Array(W * H);
    const c = this.model.channels;
    for (let k = 0; k < lay.tiles.length; k++) {
      const tile = lay.tiles[k]!;
      const tw = tile.width;
      const th = tile.height;
      const plane = tw * th;
      const input = new Float32Array(c * plane);
      copyReflected(l.data, W, H, 3, tile.x0, tile.y0, tw, th, input, 0);
      copyReflected(r.data, W, H, 3, tile.x0, tile.y0, tw, th, input, 3 * plane);
      // Padding pixels keep their true distance from the optical centre of the unpadded frame.
      if (c === 7) writeRadial(input, 6 * plane, W, H, tile.x0, tile.y0, tw, th);
      const res = await this.model.runTile({ data: input, shape: [1, c, th, tw] }, this.states[k]);
      this.states[k] = res.state;
      const y = res.y.data;
      const weight = lay.weights[k]!;
      for (let yy = 0; yy < th; yy++) {
        const gy = tile.y0 + yy;
        if (gy >= H) break;
        for (let xx = 0; xx < tw; xx++) {
          const gx = tile.x0 + xx;
          if (gx >= W) break;
          const wgt = weight[yy * tw + xx]!;
          const gi = gy * W + gx;
          wsum[gi] += wgt;
          for (let ch = 0; ch < 3; ch++) acc[ch * W * H + gi] += wgt * y[ch * plane + yy * tw + xx]!;
        }
      }
    }
    for (let i = 0; i < W * H; i++) {
      const inv = 1 / wsum[i]!;
      for (let ch = 0; ch < 3; ch++) {
        const v = acc[ch * W * H + i]! * inv;
        acc[ch * W * H + i] = v < 0 ? 0 : v > 1 ? 1 : v;
      }
    }
    return { width: W, height: H, channels: 3, data: acc, space: 'srgb' };
  }
}
