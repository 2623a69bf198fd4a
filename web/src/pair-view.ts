// Part 1 of the page: the pair as a wiggle, the combined image, the amplified |L − R| and the
// sign of the DP disparity.
import type { Image } from '../../src/image/index.js';
import { viewDifference } from '../../src/synth/index.js';
import { byId, drawImage, toRgba } from './canvas.js';
import { disparitySign, signColours } from './disparity-sign.js';
import type { DpPair } from './pair-loader.js';

/** The combined image (L + R) / 2 of a pair, as a normal sensor records it. */
export function combinedOf(pair: DpPair): Image {
  const data = new Float32Array(pair.left.data.length);
  for (let i = 0; i < data.length; i++) data[i] = 0.5 * ((pair.left.data[i] as number) + (pair.right.data[i] as number));
  return { width: pair.left.width, height: pair.left.height, channels: 3, space: 'srgb', data };
}

/** Shows pairs in part 1; owns the wiggle timer. */
export class PairView {
  private timer: ReturnType<typeof setInterval> | undefined;
  private frames: ImageData[] = [];
  private shown = 0;
  private readonly rate = byId('wiggle-rate', HTMLInputElement);

  constructor() {
    this.rate.addEventListener('input', () => {
      byId('wiggle-rate-out', HTMLOutputElement).value = this.rate.value;
      this.restart();
    });
  }

  /** Draws every view of `pair`. */
  show(pair: DpPair): void {
    byId('pair-views', HTMLDivElement).hidden = false;
    const { width: w, height: h } = pair.left;
    this.frames = [new ImageData(toRgba(pair.left), w, h), new ImageData(toRgba(pair.right), w, h)];
    const wiggle = byId('wiggle', HTMLCanvasElement);
    wiggle.width = w;
    wiggle.height = h;
    this.shown = 0;
    this.draw();
    this.restart();
    drawImage(byId('combined', HTMLCanvasElement), combinedOf(pair));
    drawImage(byId('difference', HTMLCanvasElement), viewDifference(pair.left, pair.right));
    drawImage(byId('disparity', HTMLCanvasElement), signColours(disparitySign(pair.left, pair.right)));
  }

  private draw(): void {
    const frame = this.frames[this.shown];
    if (frame) byId('wiggle', HTMLCanvasElement).getContext('2d')?.putImageData(frame, 0, 0);
  }

  private restart(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    if (this.frames.length === 0) return;
    // Two views per period: one wiggle cycle per 1/rate seconds.
    this.timer = setInterval(() => {
      this.shown = 1 - this.shown;
      this.draw();
    }, 500 / Number(this.rate.value));
  }
}
