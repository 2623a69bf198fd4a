// Held-out metrics of a deblurring model on a dataset's test split (the numbers in
// models/MODEL.md): PSNR, SSIM and MAE of the model's output and of the blurred combined input,
// both against the sharp target, averaged over frames. Sequences run in frame order with the
// recurrent state carried; single images start from a fresh state.
//   node --import tsx scripts/train-default.metrics.ts DATA_DIR [MODEL=default] [SPLIT=test]
import { readPng } from '../src/image/index.js';
import { compareImages, type ImageScores } from '../src/eval/index.js';
import { Deblurrer, loadModelWeights, openDataset, type FrameFiles } from '../src/train/index.js';

const [data, modelSpec = 'default', split = 'test'] = process.argv.slice(2);
if (!data) {
  console.error('usage: train-default.metrics.ts DATA_DIR [MODEL] [SPLIT]');
  process.exit(2);
}
const ds = openDataset(data, split as 'test' | 'val' | 'train');
const model = await Deblurrer.create(await loadModelWeights(modelSpec));
const sums = { out: { psnr: 0, ssim: 0, mae: 0 }, input: { psnr: 0, ssim: 0, mae: 0 } };
let frames = 0;
let better = 0;
const add = (acc: ImageScores, s: ImageScores): void => {
  acc.psnr += s.psnr;
  acc.ssim += s.ssim;
  acc.mae += s.mae;
};
async function score(f: FrameFiles, seq: ReturnType<Deblurrer['sequence']>): Promise<void> {
  const sharp = readPng(f.target).image;
  const y = await seq.next(readPng(f.left).image, readPng(f.right).image);
  const o = compareImages(y, sharp);
  const i = compareImages(readPng(f.combined ?? f.left).image, sharp);
  add(sums.out, o);
  add(sums.input, i);
  if (o.psnr > i.psnr) better++;
  frames++;
}
for (const img of ds.images) await score(img, model.sequence());
for (const s of ds.sequences) {
  const seq = model.sequence();
  for (const f of s.frames) await score(f, seq);
}
await model.release();
const fmt = (a: ImageScores): string => `PSNR ${(a.psnr / frames).toFixed(2)} dB, SSIM ${(a.ssim / frames).toFixed(4)}, MAE ${(a.mae / frames).toFixed(4)}`;
console.log(`${split} split of ${data}: ${frames} frames (${ds.images.length} single images, ${ds.sequences.length} sequences)`);
console.log(`model output vs sharp:    ${fmt(sums.out)}`);
console.log(`blurred input vs sharp:   ${fmt(sums.input)}`);
console.log(`frames where the output's PSNR beats the input's: ${better}/${frames}`);
