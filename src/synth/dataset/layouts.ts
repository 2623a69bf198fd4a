// Where each file of a sample goes under the output folder, for the two dataset layouts.
import { ParameterError } from '../../image/index.js';
import type { SplitName } from './splits.js';

/**
 * `dpdd`: the flat layout of the DPDD dataset, one PNG per sample in each folder;
 * `sequence`: the same folders with one sub-folder per sequence, frames in order inside.
 */
export type DatasetLayout = 'dpdd' | 'sequence';

/** Every valid `--layout`. */
export const DATASET_LAYOUTS: readonly DatasetLayout[] = ['dpdd', 'sequence'];

/** Relative paths ('/'-separated, from the output folder) of the five files one sample writes. */
export interface SamplePaths {
  /** Left DP view, 16-bit PNG at the combined image's exposure. */
  readonly left: string;
  /** Right DP view, 16-bit PNG at the combined image's exposure. */
  readonly right: string;
  /** Combined blurred image (left + right)/2 in file units, 16-bit PNG: the network input's reference. */
  readonly combined: string;
  /** Sharp all-in-focus target, 16-bit PNG. */
  readonly sharp: string;
  /** Signed CoC radius map in px (PFM, 1 channel): positive behind the focal plane. */
  readonly coc: string;
}

/** Parses `--layout`; throws ParameterError('options.layout') for anything but dpdd or sequence. */
export function parseLayout(text: string): DatasetLayout {
  if ((DATASET_LAYOUTS as readonly string[]).includes(text)) return text as DatasetLayout;
  throw new ParameterError('options.layout', `expected one of ${DATASET_LAYOUTS.join(', ')}, got "${text}"`);
}

/** Folder name of sequence `index` (0-based): seq_000, seq_001, … (3 digits at least). */
export function sequenceName(index: number): string {
  return `seq_${String(index).padStart(3, '0')}`;
}

/** File stem of frame `index` (0-based) inside a sequence: 000000, 000001, … so names sort in time order. */
export function frameName(index: number): string {
  return String(index).padStart(6, '0');
}

/**
 * The paths of one sample. dpdd: `{split}_l/source/seq_NNN_FFFFFF.png`, `{split}_r/source/…`,
 * `{split}_c/source/…`, `{split}_c/target/…`, `{split}_coc/seq_NNN_FFFFFF.pfm`;
 * sequence: the same with `seq_NNN/FFFFFF.png` in place of `seq_NNN_FFFFFF.png`.
 */
export function samplePaths(layout: DatasetLayout, split: SplitName, sequence: number, frame: number): SamplePaths {
  const stem = layout === 'dpdd' ? `${sequenceName(sequence)}_${frameName(frame)}` : `${sequenceName(sequence)}/${frameName(frame)}`;
  return {
    left: `${split}_l/source/${stem}.png`,
    right: `${split}_r/source/${stem}.png`,
    combined: `${split}_c/source/${stem}.png`,
    sharp: `${split}_c/target/${stem}.png`,
    coc: `${split}_coc/${stem}.pfm`,
  };
}
