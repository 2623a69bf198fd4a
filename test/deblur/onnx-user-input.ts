// The network input of an exported ONNX file as a user builds it from the file's metadata and
// the README's Python recipe, written independently of src/deblur's tiling: reflect-padded to
// multiples of 16, L RGB, R RGB, and for 7 channels the radial distance of the unpadded image.
import * as ort from 'onnxruntime-node';
import type { Image } from '../../src/image/index.js';

/** numpy's np.pad(mode='reflect') index. */
function mirror(i: number, n: number): number {
  while (i < 0 || i >= n) i = i < 0 ? -i : 2 * (n - 1) - i;
  return i;
}

/** x [1, channels, ph, pw] for a left/right pair (channels 7: RDPD, 6: DPDNet). */
export function userInput(left: Image, right: Image, channels: 6 | 7): ort.Tensor {
  const { width: w, height: h } = left;
  const pw = Math.ceil(w / 16) * 16;
  const ph = Math.ceil(h / 16) * 16;
  const x = new Float32Array(channels * pw * ph);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  for (let y = 0; y < ph; y++) {
    for (let xx = 0; xx < pw; xx++) {
      const src = mirror(y, h) * w + mirror(xx, w);
      const dst = y * pw + xx;
      for (let c = 0; c < 3; c++) {
        x[c * pw * ph + dst] = left.data[c * w * h + src]!;
        x[(3 + c) * pw * ph + dst] = right.data[c * w * h + src]!;
      }
      if (channels === 7) x[6 * pw * ph + dst] = Math.hypot(xx - cx, y - cy) / Math.hypot(cx, cy);
    }
  }
  return new ort.Tensor('float32', x, [1, channels, ph, pw]);
}
