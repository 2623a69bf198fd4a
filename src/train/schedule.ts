// Learning-rate schedule of the paper (Sec. 5): 5·10⁻⁵, halved every 40 epochs.

/** A step decay: `lr` multiplied by `factor` every `decayEpochs` epochs. */
export interface StepSchedule {
  /** Initial learning rate (per Adam step, unitless). */
  readonly lr: number;
  /** Epochs between decays (≥ 1). */
  readonly decayEpochs: number;
  /** Multiplier applied at each decay, in (0, 1]. */
  readonly factor: number;
}

/** The paper's schedule: 5e-5 halved every 40 epochs. */
export const PAPER_SCHEDULE: StepSchedule = { lr: 5e-5, decayEpochs: 40, factor: 0.5 };

/** Learning rate during `epoch` (0-based): lr · factor^⌊epoch / decayEpochs⌋. */
export function learningRate(epoch: number, schedule: StepSchedule = PAPER_SCHEDULE): number {
  if (!(epoch >= 0) || !Number.isInteger(epoch)) throw new RangeError(`learningRate: epoch must be a whole number >= 0, got ${epoch}`);
  return schedule.lr * Math.pow(schedule.factor, Math.floor(epoch / schedule.decayEpochs));
}
