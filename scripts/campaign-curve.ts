// The campaign's validation curve across its stages: gain of the validation PSNR over the blurred
// input (same fixed crops in every stage) against cumulative training hours, one colour per run,
// the raw epochs pale behind a 10-epoch moving mean. A run written `DIR@PREV` started from PREV's
// weights: its hours continue from PREV's last logged epoch.
//   node --import tsx scripts/campaign-curve.ts --out docs/campaign-curve.png RUN [RUN@PREV ...]
import { basename, join } from 'node:path';
import { writePng, type Rgb } from '../src/image/index.js';
import { plotSeries, readTrainLog, TRAIN_LOG_NAME, type EpochRecord, type PlotSeries } from '../src/train/index.js';

const outIndex = process.argv.indexOf('--out');
const out = outIndex >= 0 ? process.argv[outIndex + 1] : undefined;
const runs = process.argv.slice(2).filter((a, i, all) => a !== '--out' && all[i - 1] !== '--out');
if (out === undefined || runs.length === 0) {
  process.stderr.write('campaign-curve: usage: --out FILE.png RUN [RUN@PREV ...]\n');
  process.exit(2);
}
const COLOURS: Rgb[] = [[0.55, 0.55, 0.55], [0.12, 0.38, 0.75], [0.93, 0.45, 0.05], [0.15, 0.6, 0.25], [0.6, 0.2, 0.65]];
const WINDOW = 10;

const epochsOf = (dir: string): EpochRecord[] =>
  readTrainLog(join(dir, TRAIN_LOG_NAME)).filter((r): r is EpochRecord => r.kind === 'epoch' && Number.isFinite(r.valPsnr) && Number.isFinite(r.valInputPsnr));
const lastHours = new Map<string, number>();
const series: PlotSeries[] = [];
runs.forEach((spec, k) => {
  const [dir, prev] = spec.split('@') as [string, string | undefined];
  const offset = prev === undefined ? 0 : lastHours.get(prev) ?? (epochsOf(prev).at(-1)?.elapsedS ?? 0) / 3600;
  const epochs = epochsOf(dir);
  const xs = epochs.map((e) => offset + e.elapsedS / 3600);
  const gains = epochs.map((e) => e.valPsnr! - e.valInputPsnr!);
  const mean = gains.map((_, i) => {
    const from = Math.max(0, i - WINDOW + 1);
    return gains.slice(from, i + 1).reduce((a, b) => a + b, 0) / (i + 1 - from);
  });
  lastHours.set(dir, xs.at(-1) ?? offset);
  const colour = COLOURS[k % COLOURS.length]!;
  const pale: Rgb = [colour[0] * 0.35 + 0.65, colour[1] * 0.35 + 0.65, colour[2] * 0.35 + 0.65];
  series.push({ label: '', colour: pale, xs, ys: gains, thickness: 1 });
  const best = Math.max(...gains);
  series.push({ label: `${basename(dir).toUpperCase()} (BEST ${best >= 0 ? '+' : ''}${best.toFixed(2)} DB)`, colour, xs, ys: mean, thickness: 2 });
  process.stdout.write(`${dir}: ${epochs.length} epochs, hours ${offset.toFixed(2)}–${(xs.at(-1) ?? offset).toFixed(2)}, best gain ${best.toFixed(3)} dB, last ${WINDOW}-epoch mean ${mean.at(-1)?.toFixed(3)} dB\n`);
});
writePng(out, plotSeries(series, { x: 'TRAINING HOURS (CUMULATIVE OVER STAGES)', y: 'VAL PSNR GAIN OVER INPUT, DB' }, { zeroLine: true }), 8);
process.stdout.write(`wrote ${out}\n`);
