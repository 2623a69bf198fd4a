import { generateDataset, mergeManifests } from '../synth/index.js';
import type { Command } from './command.js';
import { checkOutputFolder } from './output-check.js';
import { numberFlag, optionalString, parseFlags, requireString } from './args.js';
import { startProgress } from './progress.js';

const HELP = `dualpix dataset — generate a DP training/test set (resumable, parallel, shardable)

  dualpix dataset --source procedural:20 --frames 4 --out data/proc
  dualpix dataset --source synthia:/data/SYNTHIA --layout sequence --out data/synthia
  dualpix dataset --source rgbd:/data/scans --camera canon-5d4 --out data/scans
  dualpix dataset --source photos:/data/photos --per-photo 4 --cameras all --out data/photos
  dualpix dataset --source procedural:1000 --shard 3/8 --out data/big     (one of 8 machines)
  dualpix dataset --merge --out data/big                                  (after all shards)
  dualpix dataset --source procedural:1000 --shard auto --out data/big    (in an sbatch --array job)

Flags
  --source S        procedural:N | photos:DIR | synthia:DIR | rgbd:DIR   (details: src/synth/dataset/README.md)
                      photos:DIR  any folder of photographs (PNG; no depth needed): each gets seeded
                                  crops and a synthetic depth layout (ground plane to a horizon, walls,
                                  upright objects whose borders follow the photo's edges, sky far),
                                  depths 0.2-200 m; a sequence pans and zooms slowly across its crop;
                                  JPEG is refused (convert to PNG; scripts/photo-data.sh does)
  --out DIR         the dataset folder; rerunning the same command resumes an interrupted run
  --frames T        frames per procedural or photo sequence (default 4), or the first T of each folder sequence
  --per-photo K     sequences per photo of photos:DIR, each with its own crop and depth layout (default 1)
  --layout L        dpdd (default: {split}_{l,r,c}/source, {split}_c/target) | sequence (seq_NNN/ folders)
  --split S         fractions of sequences, default train=0.8,val=0.1,test=0.1
  --camera PRESET   one camera for all sequences (default: a draw from paper-1 … paper-5 per sequence)
  --cameras F       camera family drawn per sequence: paper (default: paper-1 … paper-5) | dslr (50 mm
                    f/1.8-4 at the DPDD 1680 px scale) | phone (5.6 mm f/1.5-1.9) | all (one of the three);
                    dslr and phone focus inside the scene (a drawn depth quantile of its first frame)
  --width W --height H   procedural and photo frame size in px (default 256x256)
  --depth-scale S   metres per stored depth unit for rgbd folders (default: PNG mm, PFM/NPY m)
  --workers K       worker threads (default: all cores; 0 renders on the main thread); output is identical for any K
  --shard i/n       render only sequences with index % n == i (then --merge); on a cluster:
                      auto    i and n from a Slurm array task (sbatch --array=0-7: 8 shards)
                      auto/N  N shards, i from a Kubernetes Indexed Job (JOB_COMPLETION_INDEX)
  --png-compression L  zlib level 0-9 of the PNGs (default 1: fast; 9 smallest; pixels are the same)
  --seed N          seed (default 0): same seed and settings, byte-identical dataset
  --merge           combine manifest.shard-*.jsonl of --out into manifest.jsonl`;

/** `dualpix dataset`: generate, resume, shard or merge a synthetic DP dataset. */
export const datasetCommand: Command = {
  summary: 'generate a DP dataset',
  help: HELP,
  async run(argv) {
    const flags = parseFlags('dataset', argv, {
      source: { type: 'string' },
      out: { type: 'string' },
      frames: { type: 'string' },
      layout: { type: 'string' },
      split: { type: 'string' },
      camera: { type: 'string' },
      cameras: { type: 'string' },
      'per-photo': { type: 'string' },
      width: { type: 'string' },
      height: { type: 'string' },
      'depth-scale': { type: 'string' },
      workers: { type: 'string' },
      shard: { type: 'string' },
      'png-compression': { type: 'string' },
      seed: { type: 'string' },
      merge: { type: 'boolean' },
    });
    const out = requireString(flags, 'out');
    checkOutputFolder(out, '--out');
    if (flags.merge) {
      const report = mergeManifests(out);
      process.stderr.write(`merged ${JSON.stringify(report)}\n`);
      return;
    }
    const optionalInt = (name: string, min: number, max: number): number | undefined =>
      flags[name] === undefined ? undefined : numberFlag(flags, name, 0, min, max, true);
    const controller = new AbortController();
    const onSigint = (): void => {
      process.stderr.write('\ninterrupted: finishing the samples in flight; rerun the same command to resume\n');
      controller.abort();
    };
    process.once('SIGINT', onSigint);
    let progress: ReturnType<typeof startProgress> | undefined;
    try {
      const depthScale = flags['depth-scale'] === undefined ? undefined : numberFlag(flags, 'depth-scale', 1, 0, Infinity);
      const summary = await generateDataset(
        {
          source: requireString(flags, 'source'),
          out,
          frames: optionalInt('frames', 1, 1e6),
          layout: optionalString(flags, 'layout'),
          split: optionalString(flags, 'split'),
          camera: optionalString(flags, 'camera'),
          cameras: optionalString(flags, 'cameras'),
          perPhoto: optionalInt('per-photo', 1, 10000),
          width: optionalInt('width', 8, 16384),
          height: optionalInt('height', 8, 16384),
          depthScale,
          workers: optionalInt('workers', 0, 1024),
          shard: optionalString(flags, 'shard'),
          pngCompression: optionalInt('png-compression', 0, 9),
          seed: optionalInt('seed', 0, 0xffffffff),
          signal: controller.signal,
        },
        (done, total) => {
          progress ??= startProgress('dataset', total);
          progress.update(done);
        },
      );
      progress?.stop();
      if (controller.signal.aborted) {
        process.exitCode = 130;
        return;
      }
      process.stderr.write(
        `wrote ${summary.rendered} samples (${summary.resumed} already done) of ${summary.total} in ${summary.shardSequences} sequences to ${summary.out}; manifest ${summary.manifest}\n`,
      );
    } finally {
      process.off('SIGINT', onSigint);
    }
  },
};
