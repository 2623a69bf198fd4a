// Everything the training loop reads, built from a resolved config in one call: the training
// batch sampler, the fixed validation set, sharing one decoded-image cache.
import { openDataset } from '../data/index.js';
import { inputChannels } from '../models/index.js';
import { BatchSampler } from './batches.js';
import type { TrainConfig } from './config.js';
import { ImageCache } from './image-cache.js';
import { ValidationSet } from './validation.js';

/** The training and validation data of a run. */
export interface TrainingData {
  /** Training batches: `train.batch(epoch, index)`, `train.batchesPerEpoch`. */
  readonly train: BatchSampler;
  /** Fixed validation batches (empty without a `val` split or with valPatches 0). */
  readonly validation: ValidationSet;
  /** Input channels per frame: 7 for RDPD (radial channel), 6 for DPDNet. */
  readonly inputChannels: number;
  readonly cache: ImageCache;
}

/**
 * Opens `config.data`'s train split (required; InputError naming --data when empty) and its val
 * split (optional) with the config's patch, batch, flip, sharpness and seed settings.
 */
export function openTrainingData(config: TrainConfig): TrainingData {
  const radial = config.model === 'rdpd';
  const cache = new ImageCache(config.cacheMb * 1024 * 1024);
  const train = openTrainSampler(config, cache);
  const validation = new ValidationSet(openDataset(config.data, 'val', { allowEmpty: true }), {
    patch: config.patch,
    batchImages: config.batchImages,
    batchSequences: config.batchSequences,
    seqLength: config.seqLength,
    radial,
    count: config.valPatches,
    seed: config.seed,
    cache,
  });
  return { train, validation, inputChannels: inputChannels(radial), cache };
}

/** The training batch sampler of `config` (its train split, required) reading through `cache`. */
export function openTrainSampler(config: TrainConfig, cache: ImageCache): BatchSampler {
  return new BatchSampler(openDataset(config.data, 'train'), {
    patch: config.patch,
    batchImages: config.batchImages,
    batchSequences: config.batchSequences,
    seqLength: config.seqLength,
    radial: config.model === 'rdpd',
    flips: config.flips,
    candidates: config.sharpCandidates,
    candidateScore: config.candidateScore,
    seed: config.seed,
    cache,
  });
}
