import { join } from 'node:path';
import { checkMemory, DEFAULT_PNG_COMPRESSION, encodePngImage, InputError, pngSize, readPng, type PngCompression } from '../image/index.js';
import { cameraPreset, CAMERA_PRESETS, thinLensCamera, type Camera, type NoiseModel } from '../optics/index.js';
import { exampleScene, readDepth, renderContactSheet, renderMemoryBytes, synthesizeFrame, writeSampleAsync, type DepthFormat } from '../synth/index.js';
import type { Command } from './command.js';
import { checkOutputFolder } from './output-check.js';
import { choiceFlag, numberFlag, numberList, optionalString, parseFlags, requireString, type Flags } from './args.js';
import { PSF_FLAGS, psfFromFlags } from './psf-options.js';

const HELP = `dualpix synth — render one dual-pixel sample from an all-in-focus image and its depth

  dualpix synth --example --out out/example               the built-in procedural scene
  dualpix synth --rgb frame.png --depth depth.png --camera paper-3 --out out/frame
  dualpix synth --rgb im.png --depth d.npy --focal-mm 50 --f-number 1.8 --focus-m 2 --pixel-um 21.4 --out out/x

Scene
  --example               use the built-in scene (textured planes at several depths, 640x426)
  --rgb IMG               all-in-focus image, 8- or 16-bit PNG (sRGB)
  --depth DEPTH           depth map in metres: 16-bit PNG, SYNTHIA RGB PNG, PFM or NPY
  --depth-format F        auto (default) | png16 | synthia | pfm | npy
  --depth-scale S         metres per stored unit (default: png16 0.001 = millimetres, others 1)

Camera (signed CoC radius in px, Eq. 1)
  --camera PRESET         ${CAMERA_PRESETS.join(' | ')} (default paper-3)
  --focal-mm F --f-number N --focus-m S --pixel-um P    a thin-lens camera instead of a preset
  --max-coc PX            clamp |CoC| to PX pixels (default 40, the paper sets' bound; at most 500)

Optics and sensor
  --psf n,a,b,k           Butterworth DP PSF (default 3,0.6,0.2,0.14; see \`dualpix psf --help\`)
  --psf-model M           butterworth (default) | disk (translating-disk baseline)
  --orientation O         reference (default) | mirrored
  --distortion c1,c2      division-model radial distortion (Eq. 5), R in half-diagonals; c1 > 0 barrel
  --noise SIGMA           signal-dependent Gaussian noise I + I*N, N ~ N(0, SIGMA^2) (default off)
  --shot-noise FW,READ    Poisson-Gaussian instead: full-well electrons, read noise (fraction of white)
  --blur-space S          linear (default, physical) | srgb (the reference code's choice)
  --seed N                seed of every random draw (default 0)
  --threads K             renderer threads (default: all cores; output is identical for any K)

Output
  --out DIR               writes left.png right.png combined.png sharp.png (16-bit), coc.pfm
                          (signed CoC radius, px), meta.json (every parameter) and preview.png
  --png-compression L     zlib level 0-9 of the PNGs (default ${DEFAULT_PNG_COMPRESSION}: fastest, run-length
                          as OpenCV's default; 9 smallest; 0 stores)
  --no-preview            skip preview.png (the picture for people; saves its drawing time)`;

const FLAGS = {
  example: { type: 'boolean' },
  rgb: { type: 'string' },
  depth: { type: 'string' },
  'depth-format': { type: 'string' },
  'depth-scale': { type: 'string' },
  camera: { type: 'string' },
  'focal-mm': { type: 'string' },
  'f-number': { type: 'string' },
  'focus-m': { type: 'string' },
  'pixel-um': { type: 'string' },
  'max-coc': { type: 'string' },
  distortion: { type: 'string' },
  noise: { type: 'string' },
  'shot-noise': { type: 'string' },
  'blur-space': { type: 'string' },
  seed: { type: 'string' },
  threads: { type: 'string' },
  out: { type: 'string' },
  'png-compression': { type: 'string' },
  'no-preview': { type: 'boolean' },
  ...PSF_FLAGS,
} as const;

/** Largest |CoC| (px) a thin-lens camera renders by default: the paper camera sets' bound. */
const DEFAULT_MAX_COC_PX = 40;

function cameraFromFlags(flags: Flags): Camera {
  const lensFlags = ['focal-mm', 'f-number', 'focus-m', 'pixel-um'] as const;
  const given = lensFlags.filter((f) => flags[f] !== undefined);
  const maxCoc = flags['max-coc'] === undefined ? undefined : numberFlag(flags, 'max-coc', DEFAULT_MAX_COC_PX, 0.5, 500);
  if (given.length === 0) {
    const preset = cameraPreset(optionalString(flags, 'camera') ?? 'paper-3');
    return maxCoc === undefined ? preset : { ...preset, maxCocPx: maxCoc };
  }
  if (flags.camera !== undefined) throw new InputError('--camera', `give either --camera or the lens flags (${given.map((f) => `--${f}`).join(', ')}), not both`);
  const missing = lensFlags.find((f) => flags[f] === undefined);
  if (missing) throw new InputError(`--${missing}`, 'is required with the other thin-lens flags');
  return thinLensCamera({
    focalMm: numberFlag(flags, 'focal-mm', NaN),
    fNumber: numberFlag(flags, 'f-number', NaN),
    focusM: numberFlag(flags, 'focus-m', NaN),
    pixelUm: numberFlag(flags, 'pixel-um', NaN),
  }, 'custom', maxCoc ?? DEFAULT_MAX_COC_PX);
}

function noiseFromFlags(flags: Flags): NoiseModel | null {
  const shot = numberList(flags, 'shot-noise', 2, 'full-well,read-sigma');
  if (shot && flags.noise !== undefined) throw new InputError('--shot-noise', 'give either --noise or --shot-noise, not both');
  if (shot) {
    if (!(shot[0]! > 0) || !(shot[1]! >= 0)) throw new InputError('--shot-noise', `expected full-well > 0 and read-sigma >= 0, got ${shot.join(',')}`);
    return { kind: 'poisson-gaussian', fullWell: shot[0]!, readSigma: shot[1]! };
  }
  const sigma = numberFlag(flags, 'noise', 0, 0, 1);
  return sigma > 0 ? { kind: 'gaussian', sigma } : null;
}

/** `dualpix synth`: one DP sample (views, combined, sharp, CoC, meta, preview) into a folder. */
export const synthCommand: Command = {
  summary: 'render one DP sample',
  help: HELP,
  async run(argv) {
    const flags = parseFlags('synth', argv, FLAGS);
    const out = requireString(flags, 'out');
    checkOutputFolder(out, '--out');
    const compression = numberFlag(flags, 'png-compression', DEFAULT_PNG_COMPRESSION, 0, 9, true) as PngCompression;
    let scene;
    if (flags.example) {
      if (flags.rgb !== undefined || flags.depth !== undefined) throw new InputError('--example', 'cannot be combined with --rgb/--depth');
      scene = exampleScene();
    } else {
      const rgbPath = requireString(flags, 'rgb');
      const depthPath = requireString(flags, 'depth');
      const format = choiceFlag(flags, 'depth-format', ['auto', 'png16', 'synthia', 'pfm', 'npy'] as const satisfies readonly DepthFormat[], 'auto');
      const scale = flags['depth-scale'] === undefined ? undefined : numberFlag(flags, 'depth-scale', 1, Number.MIN_VALUE, Infinity);
      const { width, height } = pngSize(rgbPath);
      checkMemory(renderMemoryBytes(width * height, 1), rgbPath, `rendering this ${width}x${height} frame`, { isFile: true });
      const rgb = readPng(rgbPath).image;
      const depth = readDepth(depthPath, { format, ...(scale === undefined ? {} : { scale }) });
      scene = { rgb, depth, names: { rgb: rgbPath, depth: depthPath } };
    }
    const { params, model, orientation } = psfFromFlags(flags);
    const dist = numberList(flags, 'distortion', 2, 'c1,c2');
    const threads = flags.threads === undefined ? undefined : numberFlag(flags, 'threads', 1, 1, 256, true);
    const frame = synthesizeFrame(
      scene,
      {
        camera: cameraFromFlags(flags),
        psf: params,
        psfModel: model,
        psfOrientation: orientation,
        distortion: dist ? { c1: dist[0]!, c2: dist[1]! } : null,
        noise: noiseFromFlags(flags),
        blurSpace: choiceFlag(flags, 'blur-space', ['linear', 'srgb'] as const, 'linear'),
        ...(threads === undefined ? {} : { threads }),
      },
      numberFlag(flags, 'seed', 0, 0, 0xffffffff, true),
    );
    const preview = !flags['no-preview'];
    // The four 16-bit PNGs compress on the thread pool while the preview is drawn here.
    await writeSampleAsync(out, frame, compression, () => (preview ? [['preview.png', encodePngImage(renderContactSheet(frame), 8, compression)]] : []));
    const [lo, hi] = frame.meta.cocRangePx;
    process.stderr.write(
      `wrote ${out}/{left,right,combined,sharp}.png coc.pfm meta.json${preview ? ' preview.png' : ''} (${frame.meta.width}x${frame.meta.height}, CoC ${lo.toFixed(1)}..${hi.toFixed(1)} px, ${frame.meta.layers} layers)\n`,
    );
  },
};
