import { checkMemory, InputError, pngSize, readPng } from '../image/index.js';
import { compareImages, mae, psnr, ssimWindowSize } from '../eval/index.js';
import type { Command } from './command.js';
import { choiceFlag, parseFlags, requireString } from './args.js';

const HELP = `dualpix metrics — PSNR, SSIM and MAE of one image against its ground truth

  dualpix metrics --pred out.png --gt target.png
  dualpix metrics --pred out.png --gt target.png --ssim gaussian --json

Flags
  --pred FILE     the image to score (8- or 16-bit PNG)
  --gt FILE       the ground truth, same size
  --ssim W        uniform (default: scikit-image's 7x7 window, as the paper) | gaussian (11x11, sigma 1.5)
  --json          print one JSON object instead of a table`;

/** `dualpix metrics`: full-reference scores of two PNG files on [0,1]. */
export const metricsCommand: Command = {
  summary: 'PSNR, SSIM, MAE of two images',
  help: HELP,
  async run(argv) {
    const flags = parseFlags('metrics', argv, { pred: { type: 'string' }, gt: { type: 'string' }, ssim: { type: 'string' }, json: { type: 'boolean' } });
    const predPath = requireString(flags, 'pred');
    const gtPath = requireString(flags, 'gt');
    const window = choiceFlag(flags, 'ssim', ['uniform', 'gaussian'] as const, 'uniform');
    checkMetricsMemory(predPath, gtPath);
    const pred = readPng(predPath).image;
    const gt = readPng(gtPath).image;
    if (pred.width !== gt.width || pred.height !== gt.height) {
      throw new InputError(predPath, `is ${pred.width}x${pred.height} but --gt ${gtPath} is ${gt.width}x${gt.height}`);
    }
    if (pred.channels !== gt.channels) throw new InputError(predPath, `has ${pred.channels} channels but --gt has ${gt.channels}`);
    const k = ssimWindowSize({ window });
    if (pred.width < k || pred.height < k) {
      // PSNR and MAE are defined at any size; SSIM needs one whole window.
      process.stderr.write(`note: ${predPath} is ${pred.width}x${pred.height}, smaller than SSIM's ${k}x${k} window: no SSIM\n`);
      print({ psnr: psnr(pred, gt), ssim: null, mae: mae(pred, gt) }, Boolean(flags.json));
      return;
    }
    print(compareImages(pred, gt, { window }), Boolean(flags.json));
  },
};

function print(s: { psnr: number; ssim: number | null; mae: number }, json: boolean): void {
  if (json) {
    // JSON has no Infinity: identical images get the string "Infinity", as in eval's metrics.json.
    const psnr = Number.isFinite(s.psnr) ? s.psnr : String(s.psnr);
    process.stdout.write(JSON.stringify({ psnr, ssim: s.ssim, mae: s.mae }) + '\n');
  } else {
    process.stdout.write(`psnr  ${s.psnr.toFixed(3)} dB\nssim  ${s.ssim === null ? 'n/a' : s.ssim.toFixed(4)}\nmae   ${s.mae.toFixed(5)}\n`);
  }
}

/**
 * Peak memory of metrics, counted from its buffers: per image 16-bit codes (6 B/px for RGB) and
 * float32 planes (12 B/px), SSIM's float64 window sums (40 B/px), rounded up to 100 B/px for
 * alpha and the PNG inflate buffers. (Peak RSS measured with /usr/bin/time, 577–732 MB at 512²
 * to 1536² from source through tsx, is dominated by the garbage collector's slack.)
 */
const METRICS_PROCESS_BYTES = 300 * 1024 ** 2;
const METRICS_BYTES_PER_PIXEL = 100;

/** Refuses, naming the bigger file, a pair whose decoded images and SSIM sums would not fit in memory. */
function checkMetricsMemory(predPath: string, gtPath: string): void {
  const a = pngSize(predPath);
  const b = pngSize(gtPath);
  const [path, pixels] = a.width * a.height >= b.width * b.height ? [predPath, a.width * a.height] : [gtPath, b.width * b.height];
  checkMemory(METRICS_PROCESS_BYTES + METRICS_BYTES_PER_PIXEL * pixels, path, `scoring ${pixels} px images`, { isFile: true });
}
