import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { checkMemory, InputError, pngSize, readPng, writePng } from '../image/index.js';
import { DEFAULT_DEBLUR_MEMORY_MB, Deblurrer, loadModelWeights } from '../deblur/index.js';
import type { Command } from './command.js';
import { checkOutputFile, checkOutputFolder } from './output-check.js';
import { choiceFlag, numberFlag, optionalString, parseFlags, requireString } from './args.js';
import { startProgress } from './progress.js';

const HELP = `dualpix deblur — remove defocus blur from DP pairs with a trained network

  dualpix deblur --left L.png --right R.png --out sharp.png
  dualpix deblur --sequence clip/ --out clip-sharp/        clip/left/*.png, clip/right/*.png in frame order
  dualpix deblur --sequence data/test_l/source/seq_003 --out seq3/   a sequence of a \`dualpix dataset\` folder
  dualpix deblur --pairs dpdd/ --out results/                dpdd/test_l/source/*.png with test_r/source, or left/ + right/
  dualpix deblur --left L.png --right R.png --model runs/rdpd/model.safetensors --out sharp.png

Flags
  --left L --right R   one DP pair (PNG, 8- or 16-bit, same size; any size)
  --sequence DIR       frames deblurred in name order, the recurrent state carried from frame to frame
  --pairs DIR          independent pairs, each with a fresh state
  --out PATH           output PNG (--left/--right) or folder (--sequence, --pairs; files named as the left views)
  --model M            default (the shipped narrow RDPD) | a .safetensors from \`dualpix train\` | a Keras .hdf5
  --bits B             8 | 16 output bit depth (default: the input's)
  --threads K          ONNX Runtime threads (default: all cores)

Frames are reflect-padded to a multiple of 16 px and cropped back; frames too big for memory are
processed in overlapping tiles blended linearly.`;

interface Job {
  readonly left: string;
  readonly right: string;
  readonly out: string;
}

/** `dualpix deblur`: one pair, a sequence or a folder of pairs. */
export const deblurCommand: Command = {
  summary: 'deblur DP pairs or sequences',
  help: HELP,
  async run(argv) {
    const flags = parseFlags('deblur', argv, {
      left: { type: 'string' },
      right: { type: 'string' },
      sequence: { type: 'string' },
      pairs: { type: 'string' },
      out: { type: 'string' },
      model: { type: 'string' },
      bits: { type: 'string' },
      threads: { type: 'string' },
    });
    const out = requireString(flags, 'out');
    const bitsFlag = flags.bits === undefined ? undefined : Number(choiceFlag(flags, 'bits', ['8', '16'] as const, '16'));
    const threads = flags.threads === undefined ? undefined : numberFlag(flags, 'threads', 0, 1, 1024, true);
    const sources = ['left', 'sequence', 'pairs'].filter((k) => flags[k] !== undefined);
    if (sources.length !== 1) throw new InputError(sources.length === 0 ? '--left' : `--${sources[1]}`, 'give exactly one of --left/--right, --sequence DIR or --pairs DIR');
    let jobs: Job[];
    const carryState = flags.sequence !== undefined;
    if (typeof flags.left === 'string') {
      // Only PNG is written: a .jpg name would hold PNG bytes that other tools misread.
      if (!/\.png$/i.test(out)) throw new InputError('--out', `writes a PNG: give a file name ending in .png, got "${out}"`);
      jobs = [{ left: flags.left, right: requireString(flags, 'right'), out }];
    }
    else if (typeof flags.sequence === 'string') jobs = folderJobs(sequenceFolders(flags.sequence), out);
    else jobs = folderJobs(pairFolders(requireString(flags, 'pairs')), out);
    // Every input and output is checked before anything runs, so that a bad pair leaves no output behind.
    for (const j of jobs) checkPair(j);
    if (carryState) checkSameSize(jobs);
    checkDeblurMemory(jobs);
    if (typeof flags.left === 'string') checkOutputFile(out, '--out');
    else {
      checkOutputFolder(out, '--out');
      for (const j of jobs) if (isDir(j.out)) throw new InputError('--out', `${j.out} is an existing folder where the frame's output goes`);
    }

    const weights = await loadModelWeights(optionalString(flags, 'model') ?? 'default');
    const model = await Deblurrer.create(weights, threads ? { threads } : {});
    const progress = jobs.length > 1 ? startProgress('deblur', jobs.length) : undefined;
    try {
      let seq = model.sequence();
      for (let i = 0; i < jobs.length; i++) {
        const j = jobs[i]!;
        const l = readPng(j.left);
        const r = readPng(j.right);
        if (!carryState) seq = model.sequence();
        const y = await seq.next(l.image, r.image, j.right);
        if (jobs.length > 1 || dirname(j.out) !== '.') mkdirSync(dirname(j.out), { recursive: true });
        writePng(j.out, y, (bitsFlag ?? l.bitDepth) as 8 | 16);
        progress?.update(i + 1);
      }
    } finally {
      progress?.stop();
      await model.release();
    }
    process.stderr.write(`wrote ${jobs.length === 1 ? jobs[0]!.out : `${jobs.length} frames to ${out}`} (model ${weights.kind.model} width ${weights.kind.width})\n`);
  },
};

/** The left and right frame folders of --sequence DIR: DIR/left + DIR/right, or a dataset's {split}_l/source/SEQ. */
function sequenceFolders(dir: string): { left: string; right: string }[] {
  if (!isDir(dir)) throw new InputError(dir, 'no such folder (--sequence)');
  if (isDir(join(dir, 'left')) && isDir(join(dir, 'right'))) return [{ left: join(dir, 'left'), right: join(dir, 'right') }];
  const source = dirname(dir);
  const splitDir = dirname(source);
  const m = /^(.*)_l$/.exec(basename(splitDir));
  if (basename(source) === 'source' && m) return [{ left: dir, right: join(dirname(splitDir), `${m[1]}_r`, 'source', basename(dir)) }];
  throw new InputError(dir, 'expected left/ and right/ frame folders, or a dataset sequence folder {split}_l/source/SEQ');
}

/** The left/right folders of --pairs DIR: DIR/left + DIR/right, or every DPDD split DIR/{split}_l/source. */
function pairFolders(dir: string): { left: string; right: string; prefix?: string }[] {
  if (!isDir(dir)) throw new InputError(dir, 'no such folder (--pairs)');
  if (isDir(join(dir, 'left')) && isDir(join(dir, 'right'))) return [{ left: join(dir, 'left'), right: join(dir, 'right') }];
  const splits = readdirSync(dir)
    .filter((n) => /_l$/.test(n) && isDir(join(dir, n, 'source')))
    .sort();
  if (splits.length === 0) throw new InputError(dir, 'expected left/ and right/ folders or DPDD-style {split}_l/source and {split}_r/source folders');
  return splits.map((s) => ({ left: join(dir, s, 'source'), right: join(dir, `${s.slice(0, -2)}_r`, 'source'), ...(splits.length > 1 ? { prefix: s.slice(0, -2) } : {}) }));
}

function folderJobs(folders: { left: string; right: string; prefix?: string }[], out: string): Job[] {
  const jobs: Job[] = [];
  for (const f of folders) {
    if (!isDir(f.right)) throw new InputError(f.right, `missing: the right-view folder of ${f.left}`);
    const names = readdirSync(f.left)
      .filter((n) => n.toLowerCase().endsWith('.png') && !n.startsWith('.'))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (names.length === 0) throw new InputError(f.left, 'no .png frames');
    for (const n of names) jobs.push({ left: join(f.left, n), right: join(f.right, n), out: f.prefix ? join(out, f.prefix, n) : join(out, n) });
  }
  return jobs;
}

function checkPair(j: Job): void {
  for (const p of [j.left, j.right]) if (!existsSync(p)) throw new InputError(p, p === j.right ? `missing: the right view of ${j.left}` : 'no such file');
  const a = pngSize(j.left);
  const b = pngSize(j.right);
  if (a.width !== b.width || a.height !== b.height) throw new InputError(j.right, `is ${b.width}x${b.height} but its left view ${j.left} is ${a.width}x${a.height}`);
}

/**
 * Deblur memory, fitted to peak RSS measured with /usr/bin/time on 16-bit RGB pairs with the
 * default model (537 MB at 512², 998 MB at 1536²): the process, the network's activations
 * (~145 B/px until the tiling budget DEFAULT_DEBLUR_MEMORY_MB caps them) and the frame's own
 * buffers (decoded views, float planes, blend sums, the encoded output: ~80 B/px).
 */
const DEBLUR_PROCESS_BYTES = 480 * 1024 ** 2;
const DEBLUR_ACTIVATION_BYTES_PER_PIXEL = 145;
const DEBLUR_FRAME_BYTES_PER_PIXEL = 80;

/** Refuses, naming the largest left view, a frame whose buffers would not fit in memory. */
function checkDeblurMemory(jobs: readonly Job[]): void {
  let biggest = jobs[0]!;
  let pixels = 0;
  for (const j of jobs) {
    const s = pngSize(j.left);
    if (s.width * s.height > pixels) [biggest, pixels] = [j, s.width * s.height];
  }
  const activations = Math.min(DEBLUR_ACTIVATION_BYTES_PER_PIXEL * pixels, DEFAULT_DEBLUR_MEMORY_MB * 1024 ** 2);
  const need = DEBLUR_PROCESS_BYTES + activations + DEBLUR_FRAME_BYTES_PER_PIXEL * pixels;
  checkMemory(need, biggest.left, `deblurring this ${pixels} px frame`, { isFile: true });
}

function checkSameSize(jobs: readonly Job[]): void {
  const first = pngSize(jobs[0]!.left);
  for (const j of jobs) {
    const s = pngSize(j.left);
    if (s.width !== first.width || s.height !== first.height) throw new InputError(j.left, `is ${s.width}x${s.height} but the sequence's first frame ${jobs[0]!.left} is ${first.width}x${first.height}`);
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
