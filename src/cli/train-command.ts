import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../image/index.js';
import { CHECKPOINT_NAME, TrainConfigSchema, flagName, loadConfigFile, readCheckpoint, resolveConfig, trainModel, type TrainProgress } from '../train/index.js';
import type { Command } from './command.js';
import { checkOutputFolder } from './output-check.js';
import { parseFlags, requireString, type OptionSpec } from './args.js';
import { startProgress, type Progress } from './progress.js';

const HELP = `dualpix train — train RDPD (or DPDNet) on a dataset; resumable

  dualpix train --data data/proc --out runs/rdpd                      the paper's settings
  dualpix train --data data/proc --width 0.25 --patch 128 --lr 1e-3 --out runs/small
  dualpix train --out runs/small --resume                             continue after Ctrl-C
  dualpix train --config train.json --out runs/exp1                   settings from a JSON file
  dualpix train --data data/proc --width 0.25 --patch 128 --cost-volume 16 --out runs/small-cv
                --init-weights runs/small/best.safetensors           grow a DP cost volume onto trained weights

Flags
  --data DIR        dataset folder (\`dualpix dataset\` output or DPDD): {train,val}_{l,r,c} folders
  --out DIR         checkpoint.safetensors, model.safetensors (latest), best.safetensors (best
                    validation PSNR), train-log.jsonl, loss.png
  --model M         rdpd (default) | dpdnet
  --width W         channel multiplier, 1 = the paper's network (default 1)
  --patch P         square patch side, px, a multiple of 16 (default 512)
  --epochs E        epochs (default 140)
  --lr LR           initial Adam learning rate (default 5e-5), halved every --lr-decay-epochs (40)
  --pixel-loss L    mse (Eq. 16, default) | charbonnier (smooth L1) | psnr (mean −PSNR per image); the last two not in the paper
  --batch-images N  images per image batch (default 8); --batch-sequences N, --seq-length T (2, 4)
  --seed S          seed of every random choice (default 0)
  --threads K       ONNX Runtime threads (default: all cores)
  --cost-volume D   RDPD: the first layer also reads |L − R shifted| (grey, 7×7 box) at shifts −D…D px (default 0: none)
  --init-weights F  start from a weight file or checkpoint of the same network (or the same without a cost volume)
  --config FILE     JSON object of settings (keys as in the flags, camelCase); flags win
  --resume          continue from --out's checkpoint with its settings (more --epochs allowed)
  Every other setting of the training config is a flag too: ${Object.keys(TrainConfigSchema.shape).map(flagName).filter((f) => !['--data', '--out', '--model', '--width', '--patch', '--epochs', '--lr', '--pixel-loss', '--seed', '--threads', '--batch-images', '--batch-sequences', '--seq-length', '--cost-volume', '--init-weights'].includes(f)).join(' ')}

Ctrl-C finishes the current step, writes a checkpoint and exits with status 130.`;

/** `dualpix train`: the training loop with a progress bar; SIGINT saves and exits 130. */
export const trainCommand: Command = {
  summary: 'train a deblurring network',
  help: HELP,
  async run(argv) {
    const options: OptionSpec = { config: { type: 'string' }, resume: { type: 'boolean' } };
    for (const key of Object.keys(TrainConfigSchema.shape)) options[flagName(key).slice(2)] = { type: 'string' };
    const flags = parseFlags('train', argv, options);
    const out = requireString(flags, 'out');
    checkOutputFolder(out, '--out');
    const overrides: Record<string, string> = {};
    for (const [name, value] of Object.entries(flags)) if (typeof value === 'string' && name !== 'config') overrides[`--${name}`] = value;
    let base: Record<string, unknown> = {};
    if (flags.resume) {
      const path = join(out, CHECKPOINT_NAME);
      if (!existsSync(path)) throw new InputError('--resume', `no checkpoint to resume: ${path} does not exist`);
      base = { ...readCheckpoint(path).config };
    }
    const file = typeof flags.config === 'string' ? (loadConfigFile(flags.config) as Record<string, unknown>) : {};
    if (typeof file !== 'object' || file === null || Array.isArray(file)) throw new InputError(String(flags.config), 'expected a JSON object of training settings');
    const config = resolveConfig({ ...base, ...file }, overrides, typeof flags.config === 'string' ? flags.config : 'config file');

    const controller = new AbortController();
    const onSignal = (): void => {
      process.stderr.write('\ninterrupted: finishing the current step, then writing a checkpoint (resume with --resume)\n');
      controller.abort();
    };
    process.once('SIGINT', onSignal);
    let bar: Progress | undefined;
    const onProgress = (p: TrainProgress): void => {
      bar ??= startProgress(`train ${config.model} w${config.width}`, p.totalSteps);
      bar.update(p.step, `epoch ${p.epoch + 1}/${p.epochs} loss ${p.loss.toFixed(4)} ${p.patchesPerSec.toFixed(1)} patches/s eta ${formatSeconds(p.etaS)}`);
    };
    let summary;
    try {
      summary = await trainModel(config, {
        resume: Boolean(flags.resume),
        signal: controller.signal,
        onProgress,
        onEpoch: (r) => {
          if (!process.stderr.isTTY) process.stderr.write(`epoch ${r.epoch + 1}: train loss ${r.trainLoss.toFixed(5)}${r.valPsnr === undefined ? '' : `, val PSNR ${r.valPsnr.toFixed(2)} dB (input ${r.valInputPsnr?.toFixed(2)} dB), val MSE ${r.valLoss?.toExponential(3)}`}\n`);
        },
      });
    } finally {
      bar?.stop();
      process.removeListener('SIGINT', onSignal);
    }
    const last = summary.lastEpoch;
    process.stderr.write(
      `${summary.interrupted ? 'stopped' : 'trained'} at step ${summary.steps}/${summary.totalSteps}; weights ${summary.weights}, checkpoint ${summary.checkpoint}` +
        (last?.valPsnr === undefined ? '' : `; val PSNR ${last.valPsnr.toFixed(2)} dB`) +
        '\n',
    );
    if (summary.interrupted) process.exit(130);
  },
};

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const total = Math.round(s);
  const m = Math.floor(total / 60);
  return m >= 60 ? `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m` : `${m}m${String(total % 60).padStart(2, '0')}s`;
}
