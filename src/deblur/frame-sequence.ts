// One frame after another through a network that runs tile by tile: the frame is cut into the
// runner's fixed layout of overlapping tiles (tiling.ts), each tile is reflect-padded at the frame
// border and gets the radial channel of its true position, runs with its own recurrent state, and
// the outputs are blended linearly and clamped to [0,1]. Shared by the CLI (ONNX Runtime for
// Node) and the browser app (ONNX Runtime Web), so both produce the same pixels.
import { InputError, toRgb, type Image } from '../image/index.js';
import { writeRadial } from '../models/index.js';
import type { HostTensor } from '../nn/index.js';
import { copyReflected, type TileLayout } from './tiling.js';

/** A network that runs one tile at a time: ONNX Runtime for Node (Deblurrer) or for the web (the browser app). */
export interface TileRunner {
  /** Input channels per frame: 7 with the radial channel (RDPD), 6 without (DPDNet). */
  readonly channels: number;
  /** Tiles of a width×height frame (px), fixed for a whole sequence. */
  layout(width: number, height: number): TileLayout;
  /** Runs one tile: network input [1, C, h, w] and the tile's state (undefined on the first frame) → output [1, 3, h, w] and new state. */
  runTile(input: HostTensor, state: Record<string, HostTensor> | undefined): Promise<{ y: HostTensor; state: Record<string, HostTensor> }>;
}

/** Frames of one sequence; all must have the first frame's size. */
export class FrameSequence {
  private layout: TileLayout | undefined;
  private states: (Record<string, HostTensor> | undefined)[] = [];

  constructor(private readonly model: TileRunner) {}

  /**
   * Deblurs the next frame of the sequence (views sRGB [0,1], same size) into the sharp estimate;
   * `onTile(done, total)` is called after each tile. `subject` names the right view in errors.
   */
  async next(left: Image, right: Image, subject = 'right view', onTile?: (done: number, total: number) => void): Promise<Image> {
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
      onTile?.(k + 1, lay.tiles.length);
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
