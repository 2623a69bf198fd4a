// Assembles mini-batch tensors (NCHW float32, sRGB [0,1], as DESIGN.md fixes) from chosen
// samples and windows. Image batches are [N, C, P, P]; sequence batches are time-major
// [T, N, C, P, P], so that time step t is one contiguous [N, C, P, P] slice that a recurrent
// graph can take as its step-t input with `subarray`, no copy.
import type { FrameFiles, PairRecord, SequenceRecord } from '../data/index.js';
import { inputChannels } from '../models/index.js';
import type { ImageCache } from './image-cache.js';
import type { PatchWindow } from './augment.js';
import { TARGET_CHANNELS, writeFrameInput, writeFrameTarget } from './patches.js';

/** Which kind of samples a batch holds: single images, or windows of consecutive sequence frames. */
export type BatchKind = 'images' | 'sequences';

/** Where one sample of a batch came from. */
export interface SampleInfo {
  /** Record name: the image's file stem, or the sequence folder name. */
  readonly record: string;
  /** First frame index of a sequence window (0 for single images). */
  readonly frame0: number;
  readonly window: PatchWindow;
}

/** A mini-batch ready for the network; tensors are row-major in the order of their shape. */
export interface Batch {
  readonly kind: BatchKind;
  /** Training epoch (0-based), or -1 for validation batches. */
  readonly epoch: number;
  /** Position within the epoch (0-based), or within the validation set. */
  readonly index: number;
  /** Network input: images [N, C, P, P]; sequences [T, N, C, P, P] (time-major). C = 7 (RDPD) or 6 (DPDNet). */
  readonly input: Float32Array;
  readonly inputShape: readonly number[];
  /** Sharp target: images [N, 3, P, P]; sequences [T, N, 3, P, P]. */
  readonly target: Float32Array;
  readonly targetShape: readonly number[];
  /** One entry per n, in batch order. */
  readonly samples: readonly SampleInfo[];
}

/** Options shared by every batch assembly. */
export interface AssembleOptions {
  /** Append the radial distance channel (RDPD) or not (DPDNet). */
  readonly radial: boolean;
  readonly cache: ImageCache;
}

function writeFrame(frame: FrameFiles, win: PatchWindow, opts: AssembleOptions, input: Float32Array, inOffset: number, target: Float32Array, tOffset: number): void {
  const left = opts.cache.get(frame.left);
  const right = opts.cache.get(frame.right);
  writeFrameInput(left, right, win, opts.radial, input, inOffset);
  writeFrameTarget(opts.cache.get(frame.target), win, target, tOffset);
}

/** Builds an image batch [N, C, P, P] from records[n] cut through windows[n] (all windows one size, px). */
export function assembleImageBatch(
  records: readonly PairRecord[],
  windows: readonly PatchWindow[],
  opts: AssembleOptions,
  epoch: number,
  index: number,
): Batch {
  const n = records.length;
  const p = windows[0]?.size ?? 0;
  const c = inputChannels(opts.radial);
  const plane = p * p;
  const input = new Float32Array(n * c * plane);
  const target = new Float32Array(n * TARGET_CHANNELS * plane);
  const samples: SampleInfo[] = [];
  for (let i = 0; i < n; i++) {
    const rec = records[i]!;
    const win = windows[i]!;
    writeFrame(rec, win, opts, input, i * c * plane, target, i * TARGET_CHANNELS * plane);
    samples.push({ record: rec.name, frame0: 0, window: win });
  }
  return { kind: 'images', epoch, index, input, inputShape: [n, c, p, p], target, targetShape: [n, TARGET_CHANNELS, p, p], samples };
}

/**
 * Builds a sequence batch [T, N, C, P, P] from frames frame0s[n] … frame0s[n]+T−1 of
 * sequences[n], every frame of a sequence cut through the same window (same crop and flips).
 */
export function assembleSequenceBatch(
  sequences: readonly SequenceRecord[],
  frame0s: readonly number[],
  windows: readonly PatchWindow[],
  length: number,
  opts: AssembleOptions,
  epoch: number,
  index: number,
): Batch {
  const n = sequences.length;
  const p = windows[0]?.size ?? 0;
  const c = inputChannels(opts.radial);
  const plane = p * p;
  const input = new Float32Array(length * n * c * plane);
  const target = new Float32Array(length * n * TARGET_CHANNELS * plane);
  const samples: SampleInfo[] = [];
  for (let i = 0; i < n; i++) {
    const seq = sequences[i]!;
    const win = windows[i]!;
    const f0 = frame0s[i]!;
    for (let t = 0; t < length; t++) {
      const frame = seq.frames[f0 + t];
      if (!frame) throw new RangeError(`assembleSequenceBatch: ${seq.name} has no frame ${f0 + t}`);
      const slot = t * n + i;
      writeFrame(frame, win, opts, input, slot * c * plane, target, slot * TARGET_CHANNELS * plane);
    }
    samples.push({ record: seq.name, frame0: f0, window: win });
  }
  return {
    kind: 'sequences',
    epoch,
    index,
    input,
    inputShape: [length, n, c, p, p],
    target,
    targetShape: [length, n, TARGET_CHANNELS, p, p],
    samples,
  };
}

/** Patches in a batch, for throughput: N for images, T·N for sequences (every frame is a patch). */
export function batchPatches(batch: Batch): number {
  return batch.kind === 'images' ? batch.inputShape[0]! : batch.inputShape[0]! * batch.inputShape[1]!;
}

/**
 * A sequence batch as an image batch of its T·N frames, for a network without recurrence
 * (DPDNet): the time-major [T, N, C, P, P] layout already is a batch of T·N images, so the
 * tensors are shared, not copied.
 */
export function framesAsImages(batch: Batch): Batch {
  if (batch.kind === 'images') return batch;
  const [t, n, ...rest] = batch.inputShape as number[];
  const [, , ...trest] = batch.targetShape as number[];
  return { ...batch, kind: 'images', inputShape: [t! * n!, ...rest], targetShape: [t! * n!, ...trest] };
}
