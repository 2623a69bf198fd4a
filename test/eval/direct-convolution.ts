// Direct spatial convolution for the deconvolution tests, written independently of the FFT code
// they check.
import { imageFrom, type Image } from '../../src/image/index.js';

/** out(p) = Σ K(q)·in(p − q) with half-sample reflection at the borders; K size×size, row-major, centred. */
export function convolveDirect(img: Image, k: Float32Array, size: number): Image {
  const { width: w, height: h, channels } = img;
  const r = (size - 1) / 2;
  const refl = (i: number, n: number): number => (i < 0 ? -i - 1 : i >= n ? 2 * n - i - 1 : i);
  const out = new Float32Array(img.data.length);
  for (let c = 0; c < channels; c++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let s = 0;
        for (let qy = -r; qy <= r; qy++) {
          for (let qx = -r; qx <= r; qx++) s += k[(qy + r) * size + qx + r]! * img.data[c * w * h + refl(y - qy, h) * w + refl(x - qx, w)]!;
        }
        out[c * w * h + y * w + x] = s;
      }
    }
  }
  return imageFrom(out, w, h, channels, img.space);
}
