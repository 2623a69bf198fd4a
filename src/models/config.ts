// Model configuration: which network, how wide, which LSTM gate activation; defaults, validation
// and the channel plan that every other file (builders, parameter count, Keras import) reads.
import { expectInput } from '../image/index.js';

/** The two networks: RDPD (paper, Sec. 4) and its baseline DPDNet (Abuolaim & Brown, ECCV 2020). */
export type ModelKind = 'rdpd' | 'dpdnet';

/**
 * Gate activation of the ConvLSTM (Keras' `recurrent_activation`): 'sigmoid' as the paper writes
 * (Σ in Eq. 7–9), 'hard_sigmoid' = clip(0.2x + 0.5, 0, 1), Keras 2's ConvLSTM2D default, to run
 * weights trained by the reference code.
 */
export type RecurrentActivation = 'sigmoid' | 'hard_sigmoid';

/**
 * Output head. 'paper': conv9_3 (three ReLU filters) then the 1×1 conv10, as published. 'wide'
 * (residual RDPD only, not in the paper): conv10 is one linear 3×3 convolution reading every
 * channel of decoder level 9, so the correction is not squeezed through three ReLU units (with
 * the residual head they carry a signed correction for three colours, and a unit that dies
 * never recovers).
 */
export type OutputHead = 'paper' | 'wide';

/** A resolved model configuration. */
export interface ModelConfig {
  readonly model: ModelKind;
  /** Channel multiplier, > 0: 1 is the published network; every count is round(base·width), at least 1. */
  readonly width: number;
  /** ConvLSTM gate activation (RDPD only; ignored by DPDNet). */
  readonly recurrentActivation: RecurrentActivation;
  /** Dropout rate in training, in [0, 1): ConvLSTM input (RDPD), level-4 and bottleneck outputs (DPDNet). */
  readonly dropout: number;
  /**
   * RDPD only, not in the paper: add the combined input (I_l + I_r)/2 to the linear output before
   * the [0,1] clamp, with the last layer starting at zero, so the network starts as the identity
   * on the blurred image and learns the correction. Off by default (the published network).
   */
  readonly residual: boolean;
  /** Output head (see OutputHead); 'paper' by default. */
  readonly head: OutputHead;
  /**
   * RDPD only, not in the paper: maximum shift D (px) of a DP cost volume between the views
   * (cost-volume.ts) read by the first layer beside the input; 0 (default) = none.
   */
  readonly costVolume: number;
}

/** Channel counts of one network: encoder levels 1–4, bottleneck (= ConvLSTM units for RDPD), input. */
export interface ChannelPlan {
  /** Filters of encoder levels 1..4 (and of the matching decoder levels). */
  readonly levels: readonly [number, number, number, number];
  /** Filters of the bottleneck convolution(s); for RDPD also the ConvLSTM's units. */
  readonly bottleneck: number;
  /** Input channels per frame: left RGB, right RGB (+ relative radial distance for RDPD). */
  readonly input: number;
}

/** The published networks' widths (width = 1): RDPD halves DPDNet's filters (paper, Sec. 4, change 4). */
const BASE: Record<ModelKind, { levels: readonly [number, number, number, number]; bottleneck: number; input: number }> = {
  rdpd: { levels: [32, 64, 128, 256], bottleneck: 512, input: 7 },
  dpdnet: { levels: [64, 128, 256, 512], bottleneck: 1024, input: 6 },
};

/** Largest cost-volume shift, px (the CoC cap of the paper's camera sets is 40 px; half the disparity of such a disk is ~20). */
export const MAX_COST_VOLUME_SHIFT = 32;

/** Dropout rate of both papers (RDPD Sec. 5: "the dropout layer in the convLSTM is set to 0.4"). */
export const DEFAULT_DROPOUT = 0.4;

/** Image sides must be multiples of this (four 2×2 max-poolings), px. */
export const SIZE_MULTIPLE = 16;

/** Fills defaults (width 1, sigmoid gates, dropout 0.4) and validates; InputError names the bad key. */
export function modelConfig(partial: Partial<ModelConfig> & { readonly model?: ModelKind } = {}): ModelConfig {
  const model = partial.model ?? 'rdpd';
  expectInput(model === 'rdpd' || model === 'dpdnet', 'model', `must be 'rdpd' or 'dpdnet', got '${String(model)}'`);
  const width = partial.width ?? 1;
  expectInput(typeof width === 'number' && Number.isFinite(width) && width > 0, 'width', `must be a positive number (channel multiplier, 1 = the paper's network), got ${String(width)}`);
  const recurrentActivation = partial.recurrentActivation ?? 'sigmoid';
  expectInput(recurrentActivation === 'sigmoid' || recurrentActivation === 'hard_sigmoid', 'recurrentActivation', `must be 'sigmoid' or 'hard_sigmoid', got '${String(recurrentActivation)}'`);
  const dropout = partial.dropout ?? DEFAULT_DROPOUT;
  expectInput(typeof dropout === 'number' && dropout >= 0 && dropout < 1, 'dropout', `must be in [0, 1), got ${String(dropout)}`);
  const residual = partial.residual ?? false;
  expectInput(residual === false || model === 'rdpd', 'residual', 'is an RDPD option (its output is linear; DPDNet ends in a sigmoid)');
  const head = partial.head ?? 'paper';
  expectInput(head === 'paper' || head === 'wide', 'head', `must be 'paper' or 'wide', got '${String(head)}'`);
  expectInput(head === 'paper' || residual, 'head', "'wide' is a residual head (give residual: true)");
  const costVolume = partial.costVolume ?? 0;
  expectInput(Number.isInteger(costVolume) && costVolume >= 0 && costVolume <= MAX_COST_VOLUME_SHIFT, 'costVolume', `must be an integer shift 0…${MAX_COST_VOLUME_SHIFT} px, got ${String(costVolume)}`);
  expectInput(costVolume === 0 || model === 'rdpd', 'costVolume', 'is an RDPD option');
  return { model, width, recurrentActivation, dropout, residual, head, costVolume };
}

/** Scales a published channel count by the width multiplier (round half up, at least 1). */
export function scaled(base: number, width: number): number {
  return Math.max(1, Math.round(base * width));
}

/** Channel counts of `cfg`'s network. */
export function channelPlan(cfg: ModelConfig): ChannelPlan {
  const b = BASE[cfg.model];
  const lv = b.levels.map((c) => scaled(c, cfg.width)) as unknown as [number, number, number, number];
  return { levels: lv, bottleneck: scaled(b.bottleneck, cfg.width), input: b.input };
}
