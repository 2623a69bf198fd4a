// The two graphs the rest of dualpix runs: one frame for inference (state in, state out), and
// T frames unrolled with shared weights ending in the training loss.
import { Graph, type Shape, type Value } from '../nn/index.js';
import { channelPlan, type ModelConfig } from './config.js';
import type { LstmDropout, LstmState } from './convlstm.js';
import { dpdnetFrame } from './dpdnet.js';
import { DEFAULT_LOSS, deblurLoss, type LossConfig } from './losses.js';
import { rdpdFrame } from './rdpd.js';
import { declareWeights } from './unet-blocks.js';

/** Graph names of the inference graph's inputs and outputs. */
export const INFERENCE_IO = { x: 'x', h0: 'h0', c0: 'c0', y: 'y', h1: 'h1', c1: 'c1' } as const;

/** A one-frame inference graph. */
export interface InferenceGraph {
  readonly graph: Graph;
  /** x [N, 7|6, H, W]; RDPD also h0, c0 [N, U, H/16, W/16] (zeros for the first frame). */
  readonly inputs: Readonly<Record<string, Value>>;
  /** y [N, 3, H, W]; RDPD also h1, c1 [N, U, H/16, W/16], to feed as h0, c0 of the next frame. */
  readonly outputs: Readonly<Record<string, Value>>;
}

/** Options of buildInferenceGraph. */
export interface InferenceGraphOptions {
  /**
   * RDPD only: true (default) takes the recurrent state as inputs h0, c0 and returns h1, c1;
   * false builds a single-image graph x → y whose ConvLSTM starts from zero state, as the
   * first frame of a sequence does.
   */
  readonly recurrent?: boolean;
}

/**
 * One frame per run, symbolic N, H, W (H, W multiples of 16). Hand `outputs` to
 * InferenceRunner.create; feed h1/c1 back as h0/c0 for the next frame of a sequence.
 */
export function buildInferenceGraph(cfg: ModelConfig, options: InferenceGraphOptions = {}): InferenceGraph {
  const g = new Graph();
  const w = declareWeights(g, cfg);
  const plan = channelPlan(cfg);
  const x = g.input(INFERENCE_IO.x, ['N', plan.input, 'H', 'W']);
  if (cfg.model === 'dpdnet') return { graph: g, inputs: { x }, outputs: { y: dpdnetFrame(g, w, x, null) } };
  // No state: the first step simply has no recurrent term, exactly a zero state's result.
  if (options.recurrent === false) return { graph: g, inputs: { x }, outputs: { y: rdpdFrame(g, w, cfg, x, null, null).y } };
  const stateShape: Shape = ['N', plan.bottleneck, 'H/16', 'W/16'];
  const h0 = g.input(INFERENCE_IO.h0, stateShape);
  const c0 = g.input(INFERENCE_IO.c0, stateShape);
  const f = rdpdFrame(g, w, cfg, x, { h: h0, c: c0 }, null);
  return { graph: g, inputs: { x, h0, c0 }, outputs: { y: f.y, h1: f.state.h, c1: f.state.c } };
}

/** A dropout mask input the training loop feeds each step: 0/1 values of shape [N, channels, H/factor, W/factor]. */
export interface DropoutMaskSpec {
  readonly name: string;
  readonly channels: number;
  /** Downsampling factor of the masked tensor relative to the input image (16 or 8). */
  readonly factor: number;
  /** Drop probability; the graph rescales kept values by 1/(1 − rate). */
  readonly rate: number;
}

/** Options of buildTrainGraph. */
export interface TrainGraphOptions {
  /** Frames unrolled (T ≥ 1); T = 1 is single-image training. DPDNet takes T = 1 only. */
  readonly frames: number;
  /** Loss weights and Sobel sizes (default: the paper's, DEFAULT_LOSS). */
  readonly loss?: LossConfig;
  /** Include the dropout masks (default true); false gives the deterministic graph for validation. */
  readonly dropout?: boolean;
}

/** An unrolled training graph ending in the scalar loss; hand `graph` and `loss` to buildTrainStep. */
export interface TrainGraph {
  readonly graph: Graph;
  /** Mean over frames of Eq. 16. */
  readonly loss: Value;
  /** Means over frames of the unweighted parts (for logs). */
  readonly parts: { readonly mse: Value; readonly edgeX: Value; readonly edgeY: Value };
  /** Per-frame predictions y_t [N, 3, H, W], to request as extra outputs. */
  readonly predictions: readonly Value[];
  /** Input names per frame: x[t] is 'x_t' [N, 7|6, H, W], target[t] is 'target_t' [N, 3, H, W]. */
  readonly inputs: { readonly x: readonly string[]; readonly target: readonly string[] };
  /** Mask inputs (empty when dropout is off or the rate is 0). Masks are shared by all frames, as Keras' RNN dropout. */
  readonly masks: readonly DropoutMaskSpec[];
}

/** Graph names of the training graph's inputs. */
export function frameInputName(kind: 'x' | 'target', t: number): string {
  return `${kind}_${t}`;
}

/**
 * T frames with shared weights, zero initial LSTM state (the first step simply has no
 * recurrent term), loss = mean over frames of Eq. 16. RDPD with dropout takes one mask
 * 'convlstm_dropout_mask' [N, 4·U, H/16, W/16] (four gate masks stacked, reused at every
 * frame like Keras' ConvLSTM2D(dropout)); DPDNet takes 'drop4_mask' and 'drop5_mask'.
 */
export function buildTrainGraph(cfg: ModelConfig, options: TrainGraphOptions): TrainGraph {
  const T = options.frames;
  if (!Number.isInteger(T) || T < 1) throw new RangeError(`buildTrainGraph: frames must be an integer ≥ 1, got ${T}`);
  if (cfg.model === 'dpdnet' && T !== 1) throw new RangeError(`buildTrainGraph: DPDNet has no recurrence, frames must be 1, got ${T}`);
  const lossCfg = options.loss ?? DEFAULT_LOSS;
  const useDropout = (options.dropout ?? true) && cfg.dropout > 0;
  const g = new Graph();
  const w = declareWeights(g, cfg);
  const plan = channelPlan(cfg);
  const masks: DropoutMaskSpec[] = [];
  const maskInput = (spec: DropoutMaskSpec): Value => {
    masks.push(spec);
    return g.input(spec.name, ['N', spec.channels, `H/${spec.factor}`, `W/${spec.factor}`]);
  };
  let lstmDropout: LstmDropout | null = null;
  let dpdDropout: { level4: Value; bottleneck: Value; rate: number } | null = null;
  if (useDropout && cfg.model === 'rdpd') {
    lstmDropout = { mask: maskInput({ name: 'convlstm_dropout_mask', channels: 4 * plan.bottleneck, factor: 16, rate: cfg.dropout }), rate: cfg.dropout };
  } else if (useDropout) {
    const level4 = maskInput({ name: 'drop4_mask', channels: plan.levels[3], factor: 8, rate: cfg.dropout });
    const bottleneck = maskInput({ name: 'drop5_mask', channels: plan.bottleneck, factor: 16, rate: cfg.dropout });
    dpdDropout = { level4, bottleneck, rate: cfg.dropout };
  }
  const xs: string[] = [];
  const targets: string[] = [];
  const predictions: Value[] = [];
  const totals: Value[] = [];
  const mses: Value[] = [];
  const exs: Value[] = [];
  const eys: Value[] = [];
  let state: LstmState | null = null;
  for (let t = 0; t < T; t++) {
    xs.push(frameInputName('x', t));
    targets.push(frameInputName('target', t));
    const x = g.input(frameInputName('x', t), ['N', plan.input, 'H', 'W']);
    const target = g.input(frameInputName('target', t), ['N', 3, 'H', 'W']);
    let y: Value;
    if (cfg.model === 'rdpd') {
      const f = rdpdFrame(g, w, cfg, x, state, lstmDropout);
      state = f.state;
      y = f.y;
    } else {
      y = dpdnetFrame(g, w, x, dpdDropout);
    }
    predictions.push(y);
    const l = deblurLoss(g, y, target, lossCfg);
    totals.push(l.total);
    mses.push(l.mse);
    exs.push(l.edgeX);
    eys.push(l.edgeY);
  }
  const mean = (vs: Value[]): Value => (vs.length === 1 ? (vs[0] as Value) : g.mul(vs.reduce((a, b) => g.add(a, b)), 1 / vs.length));
  return {
    graph: g,
    loss: mean(totals),
    parts: { mse: mean(mses), edgeX: mean(exs), edgeY: mean(eys) },
    predictions,
    inputs: { x: xs, target: targets },
    masks,
  };
}
