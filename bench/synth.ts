// `npm run bench -- synth [--camera paper-1] [--runs 3] [--rgb IMG --depth DEPTH_MM.png] [--no-dataset | --dataset-only] [--malloc-compare]`
// The whole `dualpix synth` command on a 1920×1080 frame against the reference generator as users
// run it (bench/synth-reference.py: the paper's per-depth-layer OpenCV filter2D design, run with
// Debian's python3-opencv), in the same run and alternating, on the same files and settings
// (camera set, PSF 3,0.4,0.1,0.14, blur of gamma-encoded values as the reference does). Then the
// renderer alone against the reference's render loop, and `dataset` throughput on 1 and 2 workers.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPng } from '../src/image/index.js';
import { cameraPreset } from '../src/optics/index.js';
import { readDepth, synthesizeFrame, type SynthSettings } from '../src/synth/index.js';
import { datasetFps, type Throughput } from './lib/dataset-throughput.js';
import { scalingCeiling } from './lib/scaling-ceiling.js';
import { writeBenchScene } from './lib/synth-inputs.js';
import { median, timedRun } from './lib/timed-process.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const CAMERA = arg('camera') ?? 'paper-1';
const RUNS = Number(arg('runs') ?? 3);
const DATASET_ONLY = process.argv.includes('--dataset-only');
const MALLOC_COMPARE = process.argv.includes('--malloc-compare');
const PSF = { n: 3, alpha: 0.4, beta: 0.1, kappa: 0.14 };
const PSF_TEXT = `${PSF.n},${PSF.alpha},${PSF.beta},${PSF.kappa}`;
const PYTHON = '/usr/bin/python3'; // Debian's, where apt puts python3-opencv (not a pyenv or venv python)
const REFERENCE = join(import.meta.dirname, 'synth-reference.py');
const MAX_RSS = join(import.meta.dirname, 'lib', 'max-rss.mjs');
const CLI = 'dist/src/cli/main.js';

const camera = cameraPreset(CAMERA);
if (camera.kind !== 'paper-set') throw new Error(`bench synth: --camera must be a paper set (paper-1 … paper-5), the reference takes {f, N, s}; got ${CAMERA}`);
const work = mkdtempSync(join(tmpdir(), 'dualpix-bench-synth-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');
console.log(`synth bench: ${availableParallelism()} cores, load average ${load()} at the start (other jobs share the CPU: compare ratios, not times)`);

// Inputs: the user's files or a deterministic procedural frame.
const given = arg('rgb') !== undefined && arg('depth') !== undefined;
const input = given ? { rgb: arg('rgb')!, depth: arg('depth')! } : writeBenchScene(work, 1920, 1080, 2);
const rgbImage = readPng(input.rgb).image;
console.log(`  frame: ${given ? `${input.rgb} + ${input.depth}` : 'procedural scene seed 2'}, ${rgbImage.width}x${rgbImage.height}; camera ${CAMERA}, --psf ${PSF_TEXT}, --blur-space srgb`);

// The command as users run it: the built package. Rebuild when a source is newer than the build.
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}
if (!existsSync(CLI) || statSync(CLI).mtimeMs < newest('src')) {
  console.log('  building dist/ (npm run build) so that the command runs as installed…');
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}

const kv: Record<string, number> = {};
if (!DATASET_ONLY) {
  const hasOpenCv = spawnSync(PYTHON, ['-c', 'import cv2, numpy'], { encoding: 'utf8' }).status === 0;
  if (!hasOpenCv) {
    console.log(`  reference skipped: ${PYTHON} cannot import cv2. On Debian/Ubuntu: sudo apt-get install python3-opencv (the bench installs nothing)`);
  }

  interface RefReport {
    readonly render_s: number;
    readonly layers: number;
    readonly kernel_radii: number;
    readonly max_rss_mib: number;
    readonly cpu_s: number;
    readonly render_cpu_s: number;
    readonly opencv: string;
    readonly threads: number;
  }

  const oursArgs = (out: string): string[] => [
    '--import', MAX_RSS, CLI, 'synth', '--rgb', input.rgb, '--depth', input.depth, '--camera', CAMERA,
    '--psf', PSF_TEXT, '--blur-space', 'srgb', '--out', out,
  ];
  const ours: number[] = [];
  const oursRss: number[] = [];
  const oursCpu: number[] = [];
  const ref: number[] = [];
  const refReports: RefReport[] = [];
  // Alternate the two so that a change in the machine's load falls on both.
  for (let i = 0; i < RUNS; i++) {
    if (hasOpenCv) {
      const r = timedRun(PYTHON, [REFERENCE, '--rgb', input.rgb, '--depth', input.depth, '--camera-set', `${camera.focalMm},${camera.fNumber},${camera.focusM}`, '--psf', PSF_TEXT, '--out', join(work, `ref-${i}`)]);
      ref.push(r.seconds);
      refReports.push(JSON.parse(r.stdout.trim().split('\n').pop()!) as RefReport);
    }
    const o = timedRun(process.execPath, oursArgs(join(work, `ours-${i}`)));
    ours.push(o.seconds);
    oursRss.push(Number(/bench-max-rss-kib=(\d+)/.exec(o.stderr)?.[1] ?? NaN) / 1024);
    oursCpu.push(Number(/bench-cpu-s=([\d.]+)/.exec(o.stderr)?.[1] ?? NaN));
    console.log(`  run ${i + 1}/${RUNS}: dualpix synth ${o.seconds.toFixed(2)} s${hasOpenCv ? `, reference ${ref[i]!.toFixed(2)} s` : ''}`);
  }
  const oursS = median(ours);
  const refS = hasOpenCv ? median(ref) : NaN;
  const rss = Math.max(...oursRss);
  const cpuS = median(oursCpu);
  const refCpuS = hasOpenCv ? median(refReports.map((r) => r.cpu_s)) : NaN;
  console.log(
    `  whole command, median of ${RUNS}: dualpix synth ${oursS.toFixed(2)} s, CPU ${cpuS.toFixed(2)} s (peak RSS ${rss.toFixed(0)} MiB; writes 4 16-bit PNGs, coc.pfm, meta.json, preview.png)`,
  );
  if (hasOpenCv) {
    const r0 = refReports[0]!;
    console.log(
      `                              reference  ${refS.toFixed(2)} s, CPU ${refCpuS.toFixed(2)} s (peak RSS ${Math.max(...refReports.map((r) => r.max_rss_mib)).toFixed(0)} MiB; OpenCV ${r0.opencv} on ${r0.threads} threads, ` +
        `${r0.layers} depth layers, ${r0.kernel_radii} kernel sizes; writes 4 8-bit PNGs and coc.npy)`,
    );
    console.log(`  whole command, reference / dualpix: wall ${(refS / oursS).toFixed(2)}, CPU ${(refCpuS / cpuS).toFixed(2)}`);
  }

  // The renderer alone: synthesizeFrame on the decoded inputs (CoC, layers, PSFs, blur, compositing).
  const settings: SynthSettings = { camera, psf: PSF, blurSpace: 'srgb' };
  const scene = { rgb: rgbImage, depth: readDepth(input.depth) };
  synthesizeFrame(scene, settings, 0); // warm-up: JIT, worker threads, PSF bank
  const renders: number[] = [];
  const cpus: number[] = [];
  let layers = 0;
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    layers = synthesizeFrame(scene, settings, 0).meta.layers;
    renders.push((performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1e6);
  }
  const renderS = median(renders);
  const refRenderS = hasOpenCv ? median(refReports.map((r) => r.render_s)) : NaN;
  const renderCpuS = median(cpus);
  const refRenderCpuS = hasOpenCv ? median(refReports.map((r) => r.render_cpu_s)) : NaN;
  console.log(
    `  renderer alone, median of ${RUNS}: dualpix ${renderS.toFixed(2)} s (${layers} CoC layers of 0.25 px, CPU ${renderCpuS.toFixed(2)} s over all threads)` +
      (hasOpenCv
        ? `; reference render loop ${refRenderS.toFixed(2)} s, CPU ${refRenderCpuS.toFixed(2)} s; reference / dualpix: wall ${(refRenderS / renderS).toFixed(2)}, CPU ${(refRenderCpuS / renderCpuS).toFixed(2)}`
        : ''),
  );
  Object.assign(kv, {
    e2e_s: oursS,
    ...(hasOpenCv ? { ref_e2e_s: refS, e2e_ratio: refS / oursS } : {}),
    e2e_cpu_s: cpuS,
    ...(hasOpenCv ? { ref_e2e_cpu_s: refCpuS, e2e_cpu_ratio: refCpuS / cpuS } : {}),
    render_s: renderS,
    ...(hasOpenCv ? { ref_render_s: refRenderS, render_ratio: refRenderS / renderS } : {}),
    render_cpu_s: renderCpuS,
    ...(hasOpenCv ? { ref_render_cpu_s: refRenderCpuS, render_cpu_ratio: refRenderCpuS / renderCpuS } : {}),
    peak_rss_mib: rss,
    ...(hasOpenCv ? { ref_peak_rss_mib: Math.max(...refReports.map((r) => r.max_rss_mib)) } : {}),
  });
}

// `dataset` throughput: procedural frames, 1 and 2 workers, run 1-2-2-1 so that a drift in the
// machine's load falls on both equally.
const ds: Record<string, number> = {};
if (!process.argv.includes('--no-dataset')) {
  // The machine's own ceiling for 2 threads over 1, measured here: the dataset ratio below
  // compares against these, not against 2.
  const ceiling = await scalingCeiling();
  ds['ceiling_compute_scaling'] = ceiling.compute;
  ds['ceiling_memory_scaling'] = ceiling.memory;
  console.log(`  2 threads over 1 on this machine: ${ceiling.compute.toFixed(2)} for a compute-bound loop, ${ceiling.memory.toFixed(2)} for a memory-bound triad (ideal 2)`);
  for (const [label, w, h, seqs, frames] of [
    // Enough frames that process start-up and each worker's warm-up (JIT, its render arenas'
    // first page faults) do not decide the ratio, and at 1080p one sequence per worker (a worker
    // keeps to its sequence's frames).
    ['256', 256, 256, 48, 4],
    // 16 frames at 1080p: the last frame of a run keeps one worker busy while the other has
    // nothing left, up to one frame's time (~3 s here); at 8 frames that tail was a sixth of a
    // 2-worker run, and a dataset of real size has no such tail.
    ['1080', 1920, 1080, 4, 4],
  ] as const) {
    // Each configuration with glibc's malloc tuned (the command's default: src/cli/malloc-relaunch.ts)
    // and, with --malloc-compare, as it was (DUALPIX_MALLOC_RELAUNCH=0), interleaved so that drift
    // falls on all alike.
    const runs = new Map<string, Throughput[]>();
    for (const workers of [1, 2, 2, 1] as const) {
      for (const tuned of MALLOC_COMPARE ? [true, false] : [true]) {
        const key = `${tuned ? 'tuned' : 'plain'}${workers}`;
        runs.set(key, [...(runs.get(key) ?? []), datasetFps(CLI, MAX_RSS, w, h, seqs, frames, workers, tuned)]);
      }
    }
    const mean = (key: string, k: keyof Throughput): number => runs.get(key)!.reduce((a, x) => a + x[k], 0) / runs.get(key)!.length;
    const modes = [['tuned', `ds${label}`], ['plain', `ds${label}_plain`]] as const;
    for (const [mode, prefix] of MALLOC_COMPARE ? modes : modes.slice(0, 1)) {
      const [one, two] = [mean(`${mode}1`, 'fps'), mean(`${mode}2`, 'fps')];
      ds[`${prefix}_w1_fps`] = one;
      ds[`${prefix}_w2_fps`] = two;
      ds[`${prefix}_scaling`] = two / one;
      ds[`${prefix}_w1_frames_per_cpu_s`] = mean(`${mode}1`, 'framesPerCpuS');
      ds[`${prefix}_w2_frames_per_cpu_s`] = mean(`${mode}2`, 'framesPerCpuS');
      console.log(
        `  dataset ${w}x${h} (${seqs * frames} procedural frames, mean of 2 runs each, malloc ${mode === 'tuned' ? 'tuned (default)' : 'untuned'}): ` +
          `1 worker ${one.toFixed(2)} frames/s, 2 workers ${two.toFixed(2)} frames/s (${(two / 2).toFixed(2)} per core), ratio ${(two / one).toFixed(2)}; ` +
          `frames per CPU second ${ds[`${prefix}_w1_frames_per_cpu_s`]!.toFixed(2)} and ${ds[`${prefix}_w2_frames_per_cpu_s`]!.toFixed(2)}`,
      );
    }
    if (MALLOC_COMPARE) console.log(`  malloc tuned over untuned at ${w}x${h}: 1 worker ${(mean('tuned1', 'fps') / mean('plain1', 'fps')).toFixed(2)}x, 2 workers ${(mean('tuned2', 'fps') / mean('plain2', 'fps')).toFixed(2)}x`);
  }
}
console.log(`  load average ${load()} at the end`);

Object.assign(kv, ds);
console.log(`bench synth: ${Object.entries(kv).map(([k, v]) => `${k}=${Number(v.toFixed(3))}`).join(' ')}`);
