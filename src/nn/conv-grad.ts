import type { Graph, Value } from './graph.js';
import type { Dim } from './shape.js';

/**
 * How the convolution gradients are emitted. All variants are exact; they differ in speed
 * only (bench/nn.ts measures them).
 * - input: 'conv' = Conv of the output gradient with the flipped, channel-transposed kernel;
 *   'convtranspose' = ConvTranspose with the kernel as is.
 * - weight: each weight's gradient is Σ over images and pixels of dy times the input tap the
 *   weight saw. 'onehot' gathers the taps (im2col) with a depthwise Conv whose constant kernels
 *   are one-hot, then one batched MatMul with the transposed output gradient; 'slices' gathers
 *   them with Pad + Slice + Concat and does one Gemm (transB); 'conv' is a Conv of the
 *   channel-major input with the channel-major output gradient as the kernel (groups = 1).
 */
export interface ConvGradOptions {
  input: 'conv' | 'convtranspose';
  weight: 'onehot' | 'slices' | 'conv';
}

/**
 * The variants measured fastest on onnxruntime-node 1.30 CPU (bench/nn.ts, 64 channels,
 * 256×256): ORT's depthwise kernel builds the taps 1.5–4× faster than Slice + Concat, and the
 * flipped-kernel Conv beats ConvTranspose for the input gradient.
 */
export const DEFAULT_CONV_GRAD: ConvGradOptions = { input: 'conv', weight: 'onehot' };

type Pads = readonly [number, number, number, number];

function dims4(v: Value): [number, number, number, number] {
  return v.shape as [number, number, number, number];
}

/**
 * dL/dx of y = conv(x, w) (stride 1, pads [top, left, bottom, right]). From
 * y[o] = Σ_t x[o + t − p0]·w[t]: dx[i] = Σ_s dy[i + s − (k−1−p0)]·w[k−1−s], a convolution
 * with the flipped kernel padded k−1−p0 before and k−1−p1 after.
 */
export function convInputGrad(g: Graph, dy: Value, w: Value, pads: Pads, groups: number, xShape: readonly Dim[], mode: ConvGradOptions['input']): Value {
  const [co, cg, kh, kw] = dims4(w);
  const [pt, pl, pb, pr] = pads;
  if (mode === 'convtranspose') {
    return g.onnx1('ConvTranspose', [dy, w], { kernel_shape: { ints: [kh, kw] }, pads: { ints: [pt, pl, pb, pr] }, strides: { ints: [1, 1] }, group: { i: groups } }, xShape);
  }
  const flipped = g.onnx1('Slice', [w, g.int64s([-1, -1]), g.int64s([-(2 ** 53), -(2 ** 53)]), g.int64s([2, 3]), g.int64s([-1, -1])], {}, w.shape);
  const ci = cg * groups;
  let wt: Value;
  if (groups === 1) {
    wt = g.onnx1('Transpose', [flipped], { perm: { ints: [1, 0, 2, 3] } }, [ci, co, kh, kw]);
  } else {
    const r5 = g.onnx1('Reshape', [flipped, g.int64s([groups, co / groups, cg, kh, kw])], {}, [groups, co / groups, cg, kh, kw]);
    const t5 = g.onnx1('Transpose', [r5], { perm: { ints: [0, 2, 1, 3, 4] } }, [groups, cg, co / groups, kh, kw]);
    wt = g.onnx1('Reshape', [t5, g.int64s([ci, co / groups, kh, kw])], {}, [ci, co / groups, kh, kw]);
  }
  return g.onnx1('Conv', [dy, wt], {
    kernel_shape: { ints: [kh, kw] },
    pads: { ints: [kh - 1 - pt, kw - 1 - pl, kh - 1 - pb, kw - 1 - pr] },
    strides: { ints: [1, 1] },
    group: { i: groups },
  }, xShape);
}

/** dL/dw of y = conv(x, w): Σ over batch and pixels of dy times the input tap each weight saw. */
export function convWeightGrad(g: Graph, x: Value, dy: Value, w: Value, pads: Pads, groups: number, mode: ConvGradOptions['weight']): Value {
  if (mode === 'onehot') return onehotWeightGrad(g, x, dy, w, pads, groups);
  const [co, cg, kh, kw] = dims4(w);
  const [pt, pl, pb, pr] = pads;
  const [n, , h, wd] = x.shape as [Dim, Dim, Dim, Dim];
  const padded = pt + pl + pb + pr > 0 ? g.pad(x, [0, 0, pt, pl], [0, 0, pb, pr]) : x;
  const ci = cg * groups;
  // Channel-major layouts [C, N, H, W] put the pixels of all images in one GEMM dimension.
  const xt = g.onnx1('Transpose', [padded], { perm: { ints: [1, 0, 2, 3] } }, [ci, n, padded.shape[2] as Dim, padded.shape[3] as Dim]);
  const dyt = g.onnx1('Transpose', [dy], { perm: { ints: [1, 0, 2, 3] } }, [co, n, dy.shape[2] as Dim, dy.shape[3] as Dim]);
  if (mode === 'conv' && groups === 1) {
    const wT = g.onnx1('Conv', [xt, dyt], { strides: { ints: [1, 1] } }, [ci, co, kh, kw]);
    return g.onnx1('Transpose', [wT], { perm: { ints: [1, 0, 2, 3] } }, [co, ci, kh, kw]);
  }
  const m = 'NHW';
  const dy2 = g.onnx1('Reshape', [dyt, g.int64s([co, -1])], {}, [co, m]);
  const cog = co / groups;
  const parts: Value[] = [];
  for (let k = 0; k < groups; k++) {
    const xg = groups === 1 ? xt : g.onnx1('Slice', [xt, g.int64s([k * cg]), g.int64s([(k + 1) * cg]), g.int64s([0])], {}, [cg, n, padded.shape[2] as Dim, padded.shape[3] as Dim]);
    const taps: Value[] = [];
    for (let ky = 0; ky < kh; ky++) {
      for (let kx = 0; kx < kw; kx++) {
        const ey = ky === kh - 1 ? 2 ** 53 : ky - (kh - 1);
        const ex = kx === kw - 1 ? 2 ** 53 : kx - (kw - 1);
        taps.push(g.onnx1('Slice', [xg, g.int64s([ky, kx]), g.int64s([ey, ex]), g.int64s([2, 3])], {}, [cg, n, h, wd]));
      }
    }
    const cols = taps.length === 1 ? (taps[0] as Value) : g.onnx1('Concat', taps, { axis: { i: 0 } }, [kh * kw * cg, n, h, wd]);
    const cols2 = g.onnx1('Reshape', [cols, g.int64s([kh * kw * cg, -1])], {}, [kh * kw * cg, m]);
    const dyg = groups === 1 ? dy2 : g.onnx1('Slice', [dy2, g.int64s([k * cog]), g.int64s([(k + 1) * cog]), g.int64s([0])], {}, [cog, m]);
    const prod = g.onnx1('Gemm', [dyg, cols2], { transB: { i: 1 } }, [cog, kh * kw * cg]);
    const r4 = g.onnx1('Reshape', [prod, g.int64s([cog, kh, kw, cg])], {}, [cog, kh, kw, cg]);
    parts.push(g.onnx1('Transpose', [r4], { perm: { ints: [0, 3, 1, 2] } }, [cog, cg, kh, kw]));
  }
  return parts.length === 1 ? (parts[0] as Value) : g.onnx1('Concat', parts, { axis: { i: 0 } }, [co, cg, kh, kw]);
}

/** The 'onehot' weight gradient (see ConvGradOptions). */
function onehotWeightGrad(g: Graph, x: Value, dy: Value, w: Value, pads: Pads, groups: number): Value {
  const [co, cg, kh, kw] = dims4(w);
  const k = kh * kw;
  const ci = cg * groups;
  const cog = co / groups;
  // Output channel c·k + t of the depthwise conv is input channel c shifted by tap t = ky·kw + kx.
  const onehot = new Float32Array(ci * k * k);
  for (let c = 0; c < ci; c++) for (let t = 0; t < k; t++) onehot[(c * k + t) * k + t] = 1;
  const kernel = g.constant(`#onehot${g.nodes.length}`, [ci * k, 1, kh, kw], onehot);
  const n = x.shape[0] as Dim;
  const cols = g.onnx1('Conv', [x, kernel], { kernel_shape: { ints: [kh, kw] }, pads: { ints: [...pads] }, strides: { ints: [1, 1] }, group: { i: ci } }, [n, ci * k, dy.shape[2] as Dim, dy.shape[3] as Dim]);
  const cols4 = g.onnx1('Reshape', [cols, g.int64s([0, groups, cg * k, -1])], {}, [n, groups, cg * k, 'HW']);
  const dy4 = g.onnx1('Reshape', [dy, g.int64s([0, groups, cog, -1])], {}, [n, groups, cog, 'HW']);
  const dyT = g.onnx1('Transpose', [dy4], { perm: { ints: [0, 1, 3, 2] } }, [n, groups, 'HW', cog]);
  const perImage = g.onnx1('MatMul', [cols4, dyT], {}, [n, groups, cg * k, cog]);
  const summed = g.sum(perImage, [0]);
  const t = g.onnx1('Transpose', [summed], { perm: { ints: [0, 2, 1] } }, [groups, cog, cg * k]);
  return g.onnx1('Reshape', [t, g.int64s([co, cg, kh, kw])], {}, [co, cg, kh, kw]);
}
