// Deblurring with a trained network in ONNX Runtime for Node: one DP pair, or a sequence in
// frame order with the recurrent state carried from frame to frame. Frames of any size are
// reflect-padded to a multiple of 16 and cropped back; frames too big for the memory budget go
// through fixed overlapping tiles (tiling.ts, frame-sequence.ts), each tile carrying its own
// state across the sequence.
import type { Image } from '../image/index.js';
import { InferenceRunner, type HostTensor, type RuntimeOptions } from '../nn/index.js';
import { buildInferenceNetwork, inputChannels, zeroState, type InferenceNetwork, type LoadedWeights, type NetworkSpec } from '../models/index.js';
import { FrameSequence, type TileRunner } from './frame-sequence.js';
import { layoutFor, type TileOptions, type TileLayout } from './tiling.js';

/** Options of a Deblurrer: the tiling (memory budget, tile side, overlap) and the runtime's threads. */
export interface DeblurOptions extends TileOptions {
  /** ONNX Runtime intra-op threads (default: all cores). */
  readonly threads?: number;
}

/** A trained network ready to deblur DP pairs (left and right views, sRGB [0,1], same size). */
export class Deblurrer implements TileRunner {
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
    return layoutFor(this.spec, width, height, this.options);
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
