// Benchmark of single-frame DP synthesis at 1920×1080 with CoC up to ±40 px, against the reference
// generator's method (every depth layer convolved over the whole image, once per output) run in
// the same process. `npm run bench -- synth`
import { availableParallelism } from 'node:os';
import { crop, toLinear, type FloatMap, type Image } from '../src/image/index.js';
import { cocMap, thinLensCamera } from '../src/optics/index.js';
import { DEFAULT_PSF, PsfBank } from '../src/psf/index.js';
import { fft2d, nextPowerOfTwo } from '../src/eval/index.js';
import { buildLayers, DEFAULT_DETAIL_RADIUS, proceduralScene, renderDpViews, synthesizeFrame, type SynthSettings } from '../src/synth/index.js';

const W = 1920;
const H = 1080;
const SEED = 2;
const RUNS = 3;
const BASELINE_LAYERS = 2;

// 85 mm f/1.4 focused at 3 m on a full-frame sensor read out at 1920 px (18.75 µm pitch): the CoC
// reaches the ±40 px clamp in front (nearer than 1.3 m) and behind (walls beyond ≈ 20 m).
const camera = thinLensCamera({ focalMm: 85, fNumber: 1.4, focusM: 3, pixelUm: 36000 / W }, 'bench-85mm-f1.4', 40);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

let peakRss = 0;
function sampleRss(): void {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}

/** Median wall time and CPU time (all threads) per frame, seconds. */
function timeFrames(scene: { rgb: Image; depth: FloatMap }, settings: SynthSettings, runs: number): { wall: number; cpu: number } {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    synthesizeFrame(scene, settings, 1);
    const c = process.cpuUsage(c0);
    walls.push((performance.now() - t0) / 1000);
    cpus.push((c.user + c.system) / 1e6);
    sampleRss();
  }
  return { wall: median(walls), cpu: median(cpus) };
}

/** RMS and largest difference (linear light) of the default renderer from every-layer-at-full-resolution, on a crop. */
function coarseGridError(scene: { rgb: Image; depth: FloatMap }, w: number, h: number): { rms: number; max: number; seconds: number } {
  const rgb = toLinear(crop(scene.rgb, 0, H - h, w, h));
  const coc = cocMap({ width: w, height: h, data: Float32Array.from({ length: w * h }, (_, i) => scene.depth.data[(H - h + Math.floor(i / w)) * W + (i % w)]!) }, camera);
  const bank = new PsfBank(DEFAULT_PSF);
  const fast = renderDpViews(rgb, coc, (r) => bank.get(r), {});
  const t0 = performance.now();
  const exact = renderDpViews(rgb, coc, (r) => bank.get(r), { detailRadius: Infinity });
  const seconds = (performance.now() - t0) / 1000;
  let sq = 0;
  let max = 0;
  for (const [a, b] of [
    [fast.left, exact.left],
    [fast.right, exact.right],
  ] as const) {
    for (let i = 0; i < a.data.length; i++) {
      const d = a.data[i]! - b.data[i]!;
      sq += d * d;
      max = Math.max(max, Math.abs(d));
    }
  }
  return { rms: Math.sqrt(sq / (2 * fast.left.data.length)), max, seconds };
}

/**
 * The reference generator's method, in this language: for each layer, for each output (left,
 * right, combined), convolve the whole padded image (premultiplied colour and mask) with that
 * output's PSF by FFT, as OpenCV's filter2D does for large kernels, and composite over the full
 * image. Measured on the first `count` layers; the cost per layer does not depend on the layer.
 */
function referenceMethodPerLayer(img: Image, coc: FloatMap, bank: PsfBank, count: number): number {
  const layers = buildLayers(coc.data, W, H);
  const pad = (bank.get(40).size - 1) / 2;
  const fw = nextPowerOfTwo(W + 2 * pad);
  const fh = nextPowerOfTwo(H + 2 * pad);
  const n = W * H;
  const acc = [0, 1, 2].map(() => new Float32Array(4 * n));
  const t0 = performance.now();
  for (let l = 0; l < count; l++) {
    const k = bank.get(layers.radius[l]!);
    const mask = new Float32Array(n);
    for (let i = layers.start[l]!; i < layers.start[l + 1]!; i++) mask[layers.order[i]!] = 1;
    // Two real planes per complex FFT: (r + i·g) and (b + i·mask).
    const planes = [0, 1].map(() => ({ re: new Float64Array(fw * fh), im: new Float64Array(fw * fh) }));
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const i = y * W + x;
        const o = (y + pad) * fw + x + pad;
        const m = mask[i]!;
        planes[0]!.re[o] = img.data[i]! * m;
        planes[0]!.im[o] = img.data[n + i]! * m;
        planes[1]!.re[o] = img.data[2 * n + i]! * m;
        planes[1]!.im[o] = m;
      }
    }
    for (const p of planes) fft2d(p.re, p.im, fw, fh);
    const combinedKernel = k.left.map((v, i) => v + k.right[i]!);
    [k.left, k.right, combinedKernel].forEach((kern, out) => {
      const kr = new Float64Array(fw * fh);
      const ki = new Float64Array(fw * fh);
      const c = (k.size - 1) / 2;
      for (let y = 0; y < k.size; y++) {
        for (let x = 0; x < k.size; x++) kr[((y - c + fh) % fh) * fw + ((x - c + fw) % fw)] = kern[y * k.size + x]! * (out < 2 ? 2 : 1);
      }
      fft2d(kr, ki, fw, fh);
      const blurred: Float64Array[] = [];
      for (const p of planes) {
        const re = new Float64Array(fw * fh);
        const im = new Float64Array(fw * fh);
        for (let i = 0; i < fw * fh; i++) {
          re[i] = p.re[i]! * kr[i]! - p.im[i]! * ki[i]!;
          im[i] = p.re[i]! * ki[i]! + p.im[i]! * kr[i]!;
        }
        fft2d(re, im, fw, fh, true);
        blurred.push(re, im);
      }
      const a = acc[out]!;
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const o = (y + pad) * fw + x + pad;
          const alpha = blurred[3]![o]!;
          const t = 1 - alpha;
          const i = 4 * (y * W + x);
          a[i] = blurred[0]![o]! + t * a[i]!;
          a[i + 1] = blurred[1]![o]! + t * a[i + 1]!;
          a[i + 2] = blurred[2]![o]! + t * a[i + 2]!;
          a[i + 3] = alpha + t * a[i + 3]!;
        }
      }
    });
    sampleRss();
  }
  return (performance.now() - t0) / 1000 / count;
}

const scene = proceduralScene(SEED, { width: W, height: H });
const coc = cocMap(scene.depth, camera);
let lo = Infinity;
let hi = -Infinity;
let wide = 0;
for (const r of coc.data) {
  lo = Math.min(lo, r);
  hi = Math.max(hi, r);
  if (Math.abs(r) > 20) wide++;
}
const layerCount = buildLayers(coc.data, W, H).radius.length;
const mpix = (W * H) / 1e6;
console.log(`synth bench: ${W}x${H} procedural scene (seed ${SEED}), camera ${camera.name}, ${availableParallelism()} cores`);
console.log(`  CoC ${lo.toFixed(1)} … ${hi.toFixed(1)} px, ${((100 * wide) / coc.data.length).toFixed(0)} % of pixels with |r| > 20 px, ${layerCount} layers of 0.25 px`);

// Warm-up: JIT, PSF bank, worker threads.
synthesizeFrame({ rgb: scene.rgb, depth: scene.depth }, { camera }, 1);
sampleRss();

const linear = timeFrames(scene, { camera }, RUNS);
console.log(`  linear light (default):   ${linear.wall.toFixed(2)} s/frame, ${(mpix / linear.wall).toFixed(2)} Mpix/s (median of ${RUNS}; CPU ${linear.cpu.toFixed(2)} s/frame over all threads)`);
const srgb = timeFrames(scene, { camera, blurSpace: 'srgb' }, RUNS);
console.log(`  sRGB (reference setting): ${srgb.wall.toFixed(2)} s/frame, ${(mpix / srgb.wall).toFixed(2)} Mpix/s (CPU ${srgb.cpu.toFixed(2)} s/frame)`);
const err = coarseGridError(scene, 320, 180);
console.log(
  `  coarse grids for |r| > ${DEFAULT_DETAIL_RADIUS} px vs every layer at full resolution (320x180 crop, linear light): ` +
    `rms ${err.rms.toExponential(1)}, max ${err.max.toFixed(4)} (full resolution took ${err.seconds.toFixed(1)} s for 0.06 Mpix)`,
);

const synthRss = peakRss;
const perLayer = referenceMethodPerLayer(toLinear(scene.rgb), coc, new PsfBank(DEFAULT_PSF), BASELINE_LAYERS);
const baseline = perLayer * layerCount;
console.log(
  `  baseline, the reference method (whole image per layer per output, FFT convolution, one thread): ` +
    `${perLayer.toFixed(2)} s/layer measured on ${BASELINE_LAYERS} layers × ${layerCount} layers = ${baseline.toFixed(0)} s/frame`,
);
console.log(`  peak RSS ${(synthRss / 2 ** 20).toFixed(0)} MiB while synthesizing (scene and process included), ${(peakRss / 2 ** 20).toFixed(0)} MiB with the baseline's FFT planes`);
const speedup = baseline / linear.wall;
console.log(
  `bench synth: s_per_frame=${linear.wall.toFixed(3)} mpix_s=${(mpix / linear.wall).toFixed(3)} srgb_s_per_frame=${srgb.wall.toFixed(3)} ` +
    `baseline_s_per_frame=${baseline.toFixed(1)} speedup=${speedup.toFixed(1)}`,
);
