// The training loop (paper, Sec. 5): Adam on alternating mini-batches of single images and of
// sequence windows, the learning rate halved every 40 epochs, fresh dropout masks each step,
// validation, log, loss plot and a checkpoint after every epoch. Every random draw of step s
// derives from (seed, s), so stopping anywhere and resuming gives bit-identical parameters.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, lockFolder, ParameterError, removeOrphanTemps, Rng } from '../image/index.js';
import { drawDropoutMask, writeWeights } from '../models/index.js';
import { adam, buildTrainStep, initParams, type HostTensor, type ParamStore, type TrainStep } from '../nn/index.js';
import { framesAsImages, type BatchKind, type Batch } from './tensors.js';
import { TrainConfigSchema, type TrainConfig } from './config.js';
import { readCheckpoint, writeCheckpoint, type Checkpoint, type RunProgress } from './checkpoint.js';
import { LOSS_PLOT_NAME, writeLossPlot } from './loss-plot.js';
import { buildTrainNetwork, networkOf, type TrainNetwork } from './network.js';
import { learningRate } from './schedule.js';
import { BatchPrefetcher } from './prefetch.js';
import { StepSet } from './step-set.js';
import { TRAIN_LOG_NAME, TrainLog, type EpochRecord } from './train-log.js';
import { openTrainingData, type TrainingData } from './training-data.js';
import { initialParamsFrom } from './init-weights.js';
import { validate } from './validate.js';

/** File names inside the output folder. */
export const CHECKPOINT_NAME = 'checkpoint.safetensors';
export const WEIGHTS_NAME = 'model.safetensors';
/** The weights of the epoch with the best validation PSNR so far (what a campaign ships). */
export const BEST_WEIGHTS_NAME = 'best.safetensors';
/** The lock that keeps a second run out of a folder in use (it names the holder's pid). */
export const TRAIN_LOCK_NAME = '.dualpix-train.lock';

/** What the loop reports after every step (for a progress bar). */
export interface TrainProgress {
  /** Epoch being trained, 0-based, and the number of epochs of the run. */
  readonly epoch: number;
  readonly epochs: number;
  /** Steps done (global), and the run's total. */
  readonly step: number;
  readonly totalSteps: number;
  /** This step's training loss (Eq. 16). */
  readonly loss: number;
  /** Patches per second over this process's steps (a sequence window counts its frames). */
  readonly patchesPerSec: number;
  /** Estimated seconds to the end of the run. */
  readonly etaS: number;
}

/** Options of trainModel. */
export interface TrainOptions {
  /** Continue from `out/checkpoint.safetensors` instead of starting fresh. */
  readonly resume?: boolean;
  /** Stops the run after the current step; a checkpoint is written first. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: TrainProgress) => void;
  /** Called after every finished epoch with its log record. */
  readonly onEpoch?: (r: EpochRecord) => void;
}

/** How a run ended. */
export interface TrainSummary {
  /** Global steps done. */
  readonly steps: number;
  readonly totalSteps: number;
  /** True when stopped by the signal before the last step. */
  readonly interrupted: boolean;
  readonly checkpoint: string;
  readonly weights: string;
  /** The last finished epoch's record, if any epoch finished in this process. */
  readonly lastEpoch: EpochRecord | undefined;
}

/** Config keys a resumed run may change; any other difference would make it another run. */
const RESUMABLE_CHANGES = new Set(['data', 'out', 'epochs', 'threads', 'cacheMb', 'logEvery', 'valEvery', 'checkpointEvery', 'initWeights']);
/** Salt of the dropout masks' stream of step s: Rng.derive(seed, s, DROPOUT_STREAM) ('drop'). */
const DROPOUT_STREAM = 0x64726f70;

/** Trains `config.model` on `config.data`, writing checkpoint, weights, log and plot into `config.out`. */
export async function trainModel(config: TrainConfig, options: TrainOptions = {}): Promise<TrainSummary> {
  const ckptPath = join(config.out, CHECKPOINT_NAME);
  const weightsPath = join(config.out, WEIGHTS_NAME);
  const resumed = options.resume ? readCheckpoint(ckptPath) : undefined;
  if (resumed) checkResumable(resumed.config, config, ckptPath);
  // A fresh run must not overwrite an earlier one's checkpoint and log.
  if (!resumed && existsSync(ckptPath)) throw new ParameterError('options.out', `${config.out} already holds a training run (${CHECKPOINT_NAME}): add --resume to continue it, or choose another folder`);
  // Open (and check) the data and the initial weights before creating anything, so bad input leaves no folder behind.
  const data = openTrainingData(config);
  const nets = buildTrainNetworks(config, data);
  const initial = resumed ? undefined : initialParams(config, nets);
  mkdirSync(config.out, { recursive: true });
  // One run per folder: a second run would interleave the log and replace this one's weights.
  const lock = lockFolder(config.out, TRAIN_LOCK_NAME, 'options.out');
  try {
    // Checked again under the lock: a run that finished its first checkpoint meanwhile is not overwritten.
    if (!resumed && existsSync(ckptPath)) throw new ParameterError('options.out', `${config.out} already holds a training run (${CHECKPOINT_NAME}): add --resume to continue it, or choose another folder`);
    removeOrphanTemps(config.out);
    return await trainLocked(config, options, data, nets, initial, resumed);
  } finally {
    lock.release();
  }
}

/** The networks a run trains: one per batch kind its data holds. DPDNet has no state to carry: it trains on sequence frames as single images. */
export function buildTrainNetworks(config: TrainConfig, data: TrainingData): Map<BatchKind, TrainNetwork> {
  const sampler = data.train;
  const recurrent = config.model === 'rdpd';
  const nets = new Map<BatchKind, TrainNetwork>();
  if (sampler.images.length > 0 || (!recurrent && sampler.sequences.length > 0)) nets.set('images', buildTrainNetwork(config, 1));
  if (recurrent && sampler.sequences.length > 0) nets.set('sequences', buildTrainNetwork(config, config.seqLength));
  return nets;
}

/** A fresh run's starting parameters: seeded initializers, or --init-weights' values where given (read once, not after a random draw). */
function initialParams(config: TrainConfig, nets: ReadonlyMap<BatchKind, TrainNetwork>): ParamStore {
  const params: ParamStore = new Map();
  for (const net of nets.values()) for (const [name, t] of initParams(net.graph, config.seed)) params.set(name, t);
  return config.initWeights === undefined ? params : initialParamsFrom(config.initWeights, networkOf(config), params);
}

/** trainModel's work once the folder is locked and checked. */
async function trainLocked(
  config: TrainConfig,
  options: TrainOptions,
  data: TrainingData,
  nets: ReadonlyMap<BatchKind, TrainNetwork>,
  initial: ParamStore | undefined,
  resumed: Checkpoint | undefined,
): Promise<TrainSummary> {
  const ckptPath = join(config.out, CHECKPOINT_NAME);
  const weightsPath = join(config.out, WEIGHTS_NAME);
  const sampler = data.train;
  const runtime = config.threads > 0 ? { threads: config.threads } : undefined;
  const recurrent = config.model === 'rdpd';
  const steps = new Map<BatchKind, TrainStep>();
  for (const [kind, net] of nets) steps.set(kind, buildTrainStep(net.graph, net.loss, { optimizer: adam() }));
  // A resumed run loads its parameters from the checkpoint below; the start values only size the sessions.
  const set = await StepSet.create(steps, initial ?? initialParams({ ...config, initWeights: undefined }, nets), runtime);
  let progress: RunProgress = { epochLossSum: 0, epochSteps: 0, elapsedS: 0 };
  if (resumed) {
    set.load(resumed.state, ckptPath);
    progress = resumed.progress;
  }
  const log = TrainLog.open(join(config.out, TRAIN_LOG_NAME), resumed ? resumed.state.steps : undefined);
  const spec = networkOf(config);
  const perEpoch = sampler.batchesPerEpoch;
  const totalSteps = config.epochs * perEpoch;
  const schedule = { lr: config.lr, decayEpochs: config.lrDecayEpochs, factor: config.lrDecayFactor };
  const started = Date.now();
  const elapsed = (): number => progress.elapsedS + (Date.now() - started) / 1000;
  let patchesDone = 0;
  let logPatches = 0;
  let logTime = Date.now();
  let lastEpoch: EpochRecord | undefined;
  const save = (): void => {
    writeCheckpoint(ckptPath, set.snapshot(), config, { ...progress, elapsedS: elapsed() });
    writeWeights(weightsPath, set.params(), spec, { steps: String(set.steps) });
  };

  // Batches are drawn one step ahead on their own thread, overlapping the ONNX Runtime step.
  const prefetch = BatchPrefetcher.start(config);
  try {
    for (let step = set.steps; step < totalSteps; step++) {
      if (options.signal?.aborted) {
        save();
        return { steps: step, totalSteps, interrupted: true, checkpoint: ckptPath, weights: weightsPath, lastEpoch };
      }
      const { epoch, index } = sampler.locate(step);
      const drawn = await prefetch.take(epoch, index);
      const batch = recurrent ? drawn : framesAsImages(drawn);
      if (step + 1 < totalSteps) {
        const next = sampler.locate(step + 1);
        prefetch.request(next.epoch, next.index);
      }
      const net = nets.get(batch.kind) as TrainNetwork;
      const lr = learningRate(epoch, schedule);
      const result = await set.step(batch.kind, feedsFor(net, batch, Rng.derive(config.seed, step, DROPOUT_STREAM)), lr);
      const patches = (batch.inputShape[0] as number) * (batch.kind === 'sequences' ? (batch.inputShape[1] as number) : 1);
      patchesDone += patches;
      logPatches += patches;
      progress = { ...progress, epochLossSum: progress.epochLossSum + result.loss, epochSteps: progress.epochSteps + 1 };
      const done = step + 1;
      const runS = (Date.now() - started) / 1000;
      options.onProgress?.({
        epoch,
        epochs: config.epochs,
        step: done,
        totalSteps,
        loss: result.loss,
        patchesPerSec: runS > 0 ? patchesDone / runS : 0,
        etaS: runS > 0 ? ((totalSteps - done) * runS) / (done - (resumed?.state.steps ?? 0)) : NaN,
      });
      if (done % config.logEvery === 0) {
        const now = Date.now();
        log.append({ kind: 'step', epoch, step: done, loss: result.loss, lr, patchesPerSec: logPatches / Math.max(1e-3, (now - logTime) / 1000), time: new Date(now).toISOString(), elapsedS: elapsed() });
        logPatches = 0;
        logTime = now;
      }
      if (index === perEpoch - 1) {
        const validated = data.validation.length > 0 && (epoch + 1) % config.valEvery === 0;
        const scores = validated ? await validate(set.params(), config, data.validation, runtime) : undefined;
        lastEpoch = {
          kind: 'epoch',
          epoch,
          step: done,
          trainLoss: progress.epochLossSum / Math.max(1, progress.epochSteps),
          lr,
          ...(scores ? { valLoss: scores.loss, valPsnr: scores.psnr, valInputPsnr: scores.inputPsnr, valMae: scores.mae } : {}),
          time: new Date().toISOString(),
          elapsedS: elapsed(),
        };
        log.append(lastEpoch);
        writeLossPlot(join(config.out, LOSS_PLOT_NAME), log.records());
        progress = { ...progress, epochLossSum: 0, epochSteps: 0 };
        if (scores && !(scores.psnr <= (progress.bestValPsnr ?? -Infinity))) {
          progress = { ...progress, bestValPsnr: scores.psnr, bestStep: done };
          writeWeights(join(config.out, BEST_WEIGHTS_NAME), set.params(), spec, { steps: String(done), valPsnr: scores.psnr.toFixed(4) });
        }
        if ((epoch + 1) % config.checkpointEvery === 0 || done === totalSteps) save();
        options.onEpoch?.(lastEpoch);
      }
    }
    return { steps: set.steps, totalSteps, interrupted: false, checkpoint: ckptPath, weights: weightsPath, lastEpoch };
  } finally {
    await prefetch.close();
    await set.release();
  }
}

/** The step's feeds: each frame's input and target, and fresh dropout masks drawn from `rng`. */
export function feedsFor(net: TrainNetwork, batch: Batch, rng: Rng): Record<string, HostTensor> {
  const feeds: Record<string, HostTensor> = {};
  const seq = batch.kind === 'sequences';
  const frames = seq ? (batch.inputShape[0] as number) : 1;
  const inShape = seq ? batch.inputShape.slice(1) : batch.inputShape;
  const tShape = seq ? batch.targetShape.slice(1) : batch.targetShape;
  const inSize = inShape.reduce((a, b) => a * b, 1);
  const tSize = tShape.reduce((a, b) => a * b, 1);
  for (let t = 0; t < frames; t++) {
    feeds[net.inputNames[t] as string] = { data: batch.input.subarray(t * inSize, (t + 1) * inSize), shape: inShape };
    feeds[net.targetNames[t] as string] = { data: batch.target.subarray(t * tSize, (t + 1) * tSize), shape: tShape };
  }
  for (const m of net.masks) feeds[m.name] = drawDropoutMask(m, inShape[0] as number, inShape[2] as number, inShape[3] as number, rng);
  return feeds;
}

function checkResumable(savedRaw: TrainConfig, now: TrainConfig, path: string): void {
  // A checkpoint written before a setting existed ran with that setting's default.
  const parsed = TrainConfigSchema.safeParse(savedRaw);
  const saved = parsed.success ? parsed.data : savedRaw;
  const keys = new Set([...Object.keys(saved), ...Object.keys(now)] as (keyof TrainConfig)[]);
  for (const key of keys) {
    if (RESUMABLE_CHANGES.has(key)) continue;
    if (JSON.stringify(saved[key]) !== JSON.stringify(now[key])) {
      throw new InputError(path, `was written with ${key}=${JSON.stringify(saved[key])}, this run has ${JSON.stringify(now[key])} (resume with the same settings, or start a new --out)`);
    }
  }
}
