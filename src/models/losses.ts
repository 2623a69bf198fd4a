// Training losses: MSE and the multi-scale Sobel edge loss (paper, Eq. 13–16).
import type { Graph, Value } from '../nn/index.js';
import { sobelKernels } from './sobel.js';

/** Weights and scales of Eq. 15–16. */
export interface LossConfig {
  /** λx, weight of the x-derivative (horizontal gradient) edge term. */
  readonly lambdaX: number;
  /** λy, weight of the y-derivative (vertical gradient) edge term. */
  readonly lambdaY: number;
  /** Sobel kernel sizes m, odd, px. */
  readonly scales: readonly number[];
}

/** The paper's values (Sec. 5): λx = 0.03, λy = 0.02, m ∈ {3, 7, 11}. */
export const DEFAULT_LOSS: LossConfig = { lambdaX: 0.03, lambdaY: 0.02, scales: [3, 7, 11] };

/** Loss of one frame: the total of Eq. 16 and its parts. */
export interface LossParts {
  /** L = L_MSE + λx·L_edge^x + λy·L_edge^y (Eq. 16). */
  readonly total: Value;
  readonly mse: Value;
  /** L_edge^x (Eq. 15), unweighted. */
  readonly edgeX: Value;
  /** L_edge^y (Eq. 15), unweighted. */
  readonly edgeY: Value;
}

/** Mean squared error over every element (batch, channels, pixels); inputs in [0, 1] units. */
export function mseLoss(g: Graph, pred: Value, target: Value): Value {
  return g.mean(g.square(g.sub(pred, target)));
}

/** The depthwise kernel [2C, 1, m, m]: channel c's x-kernel at 2c, y-kernel at 2c + 1. */
function sobelConstant(g: Graph, m: number, channels: number): Value {
  const name = `sobel${m}x${channels}`;
  const known = g.lookup(name);
  if (known !== undefined) return known;
  const k = sobelKernels(m);
  const data = new Float32Array(2 * channels * m * m);
  for (let c = 0; c < channels; c++) {
    data.set(k.x, 2 * c * m * m);
    data.set(k.y, (2 * c + 1) * m * m);
  }
  return g.constant(name, [2 * channels, 1, m, m], data);
}

function directionWeights(g: Graph, channels: number, dir: 0 | 1): Value {
  const name = `sobel_mean_${dir === 0 ? 'x' : 'y'}${channels}`;
  const known = g.lookup(name);
  if (known !== undefined) return known;
  return g.constant(name, [2 * channels], Array.from({ length: 2 * channels }, (_, i) => (i % 2 === dir ? 1 / channels : 0)));
}

/**
 * Multi-scale edge loss (Eq. 13–15): for each size m, G^x = I * S^x_m and G^y = I * S^y_m per
 * channel ('valid' convolution, as Keras' depthwise_conv2d in the reference, so borders add no
 * false edges); MSE(G_s, G_d) per direction; the mean over scales. By linearity G_d − G_s is
 * the Sobel response of I_d − I_s, so one convolution per scale serves both images.
 */
export function edgeLoss(g: Graph, pred: Value, target: Value, scales: readonly number[]): { x: Value; y: Value } {
  if (scales.length === 0) throw new RangeError('edgeLoss: needs at least one Sobel size');
  const channels = pred.shape[1] as number;
  const diff = g.sub(pred, target);
  const xs: Value[] = [];
  const ys: Value[] = [];
  for (const m of scales) {
    const grad = g.conv2d(diff, sobelConstant(g, m, channels), null, { padding: 'valid', groups: channels });
    const perChannel = g.mean(g.square(grad), [0, 2, 3]);
    xs.push(g.sum(g.mul(perChannel, directionWeights(g, channels, 0))));
    ys.push(g.sum(g.mul(perChannel, directionWeights(g, channels, 1))));
  }
  const avg = (vs: Value[]): Value => g.mul(vs.reduce((a, b) => g.add(a, b)), 1 / vs.length);
  return { x: avg(xs), y: avg(ys) };
}

/** Eq. 16 for one frame: L = L_MSE + λx·L_edge^x + λy·L_edge^y. */
export function deblurLoss(g: Graph, pred: Value, target: Value, cfg: LossConfig = DEFAULT_LOSS): LossParts {
  const mse = mseLoss(g, pred, target);
  const edge = edgeLoss(g, pred, target, cfg.scales);
  const total = g.add(g.add(mse, g.mul(edge.x, cfg.lambdaX)), g.mul(edge.y, cfg.lambdaY));
  return { total, mse, edgeX: edge.x, edgeY: edge.y };
}
