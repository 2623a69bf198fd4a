import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { InputError } from '../image/index.js';
import {
  BASELINES, baselineMethod, combinedTable, evaluate, formatTextTable, modelMethod, parseBaselines, readSubsetSpec, subsetTable,
  writeEvalReport, type BaselineName, type EvalMethod, type EvalResult,
} from '../eval/index.js';
import { Deblurrer, loadModelWeights } from '../deblur/index.js';
import type { Command } from './command.js';
import { checkOutputFolder } from './output-check.js';
import { choiceFlag, numberFlag, optionalString, parseFlags, requireString, type Flags } from './args.js';
import { startProgress, type Progress } from './progress.js';

/** Baselines run when --baselines is not given: Richardson–Lucy is opt-in for its cost. */
const DEFAULT_BASELINES: readonly BaselineName[] = ['input', 'wiener'];

const HELP = `dualpix eval — score deblurring methods on a dataset split: tables, metrics.json, report.md, report.html

  dualpix eval --data data/ --out report/                     the baselines on a \`dualpix dataset\` folder
  dualpix eval --data dpdd/ --model default --out report/     the shipped model on the DPDD Canon test set
  dualpix eval --data dpdd/ --model default --model runs/rdpd/weights.safetensors \\
               --subset indoor=indoor.txt --subset outdoor=outdoor.txt --out report/   (the paper's Table 1)

Flags
  --data DIR            DPDD layout ({split}_l/source, {split}_r/source, {split}_c/target) or \`dualpix dataset\` output
  --split S             test (default) | val | train
  --model M             default (the shipped model) | a .safetensors from \`dualpix train\` | a Keras .hdf5;
                        repeat to compare models. Each gets one untimed warm-up frame
  --baselines LIST      any of ${BASELINES.join(',')} (default: input,wiener; "" for none). wiener and
                        richardson-lucy deconvolve the combined image with the ground-truth CoC map ({split}_coc/),
                        wiener-dp the left and right views jointly, each through its own DP PSF; the noise level
                        comes from the dataset's manifest. Without maps (real data) they are skipped.
                        richardson-lucy is slow (tens of seconds per 256x256 frame when the CoC reaches 40 px),
                        so ask for it by name
  --subset NAME=FILE    also average over the frames FILE lists (one image, sequence or SEQ/FRAME name per line);
                        repeatable
  --limit N             only the first N frames (sequences stay whole and in order)
  --state S             carried (default): RDPD's recurrent state runs through each sequence | reset: every
                        frame starts from zero state | both: one row each (the paper's Table 2)
  --out DIR             writes DIR/metrics.json, DIR/report.md, DIR/report.html

PSNR, SSIM (scikit-image defaults) and MAE against {split}_c/target on [0,1]; NIQE against a model fitted
on the split's sharp targets; time in seconds per frame. The summary table goes to stdout.`;

/** `dualpix eval`: the evaluation runner and its three report files. */
export const evalCommand: Command = {
  summary: 'evaluate methods on a dataset: metrics.json, report.md, report.html',
  help: HELP,
  async run(argv) {
    const flags = parseFlags('eval', argv, {
      data: { type: 'string' },
      split: { type: 'string' },
      model: { type: 'string', multiple: true },
      baselines: { type: 'string' },
      subset: { type: 'string', multiple: true },
      limit: { type: 'string' },
      state: { type: 'string' },
      out: { type: 'string' },
    });
    const data = requireString(flags, 'data');
    const out = requireString(flags, 'out');
    checkOutputFolder(out, '--out');
    if (existsSync(out) && !statSync(out).isDirectory()) throw new InputError('--out', `${out} exists and is not a folder`);
    if (!existsSync(data) || !statSync(data).isDirectory()) throw new InputError('--data', `${data}: no such folder`);
    const split = choiceFlag(flags, 'split', ['test', 'val', 'train'] as const, 'test');
    const limitValue = numberFlag(flags, 'limit', 0, 1, Number.MAX_SAFE_INTEGER, true);
    const baselineText = optionalString(flags, 'baselines');
    const baselines = baselineText === undefined ? DEFAULT_BASELINES : parseBaselines(baselineText);
    const subsets = list(flags, 'subset').map((s) => readSubsetSpec(s));
    if (new Set(subsets.map((s) => s.name)).size !== subsets.length) throw new InputError('--subset', 'each subset needs its own name');
    const modelSpecs = list(flags, 'model');
    if (baselines.length === 0 && modelSpecs.length === 0) throw new InputError('--baselines', 'nothing to evaluate: give --model or at least one baseline');
    const state = choiceFlag(flags, 'state', ['carried', 'reset', 'both'] as const, 'carried');
    const models = await loadModels(modelSpecs, state);
    const methods: EvalMethod[] = [...baselines.map((b) => baselineMethod(b)), ...models.flatMap((m) => m.methods)];

    let progress: { stage: string; bar: Progress } | null = null;
    let result: EvalResult;
    try {
      result = await evaluate({
        data, split, methods, subsets, limit: limitValue === 0 ? null : limitValue,
        onProgress(done, total, stage) {
          if (progress?.stage !== stage) {
            progress?.bar.stop();
            progress = { stage, bar: startProgress(stage === 'niqe' ? 'eval: NIQE model' : 'eval', total) };
          }
          progress.bar.update(done);
        },
      });
    } finally {
      (progress as { bar: Progress } | null)?.bar.stop();
      await releaseAll(models);
    }

    const files = writeEvalReport(out, result);
    const m = result.metrics;
    const combined = combinedTable(m);
    const tables = [combined, ...m.averages.map((a) => subsetTable(m, a.subset))].filter((t) => t !== null);
    process.stdout.write(tables.map(formatTextTable).join('\n') + (tables.some((t) => t.rows.some((r) => r.cells.some((c) => c.best))) ? '(* best in column)\n' : ''));
    for (const n of m.notes) process.stderr.write(`note: ${n}\n`);
    process.stderr.write(`wrote ${files.metrics}, ${files.markdown}, ${files.html}\n`);
  },
};

function list(flags: Flags, name: string): string[] {
  const v = flags[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

/** A loaded model and the methods that evaluate it (state carried, reset per frame, or both). */
interface LoadedModel {
  readonly methods: readonly EvalMethod[];
  readonly deblurrer: Deblurrer;
}

/**
 * One method per --model, all loaded before anything runs. Rows are named `default` or after the
 * weight file's stem; a stem seen twice gets its folder's name in front (runs/a/model, runs/b/model).
 */
async function loadModels(specs: readonly string[], state: 'carried' | 'reset' | 'both'): Promise<LoadedModel[]> {
  const names = new Set<string>();
  const out: LoadedModel[] = [];
  try {
    for (const spec of specs) {
      if (spec !== 'default' && !existsSync(spec)) throw new InputError('--model', `${spec}: no such file (expected "default", a .safetensors from \`dualpix train\` or a Keras .hdf5)`);
      const stem = basename(spec, extname(spec));
      let name = spec === 'default' ? 'default' : names.has(stem) ? `${basename(dirname(resolve(spec)))}/${stem}` : stem;
      for (let k = 2; names.has(name); k++) name = `${stem}-${k}`;
      names.add(name);
      const weights = await loadModelWeights(spec);
      const deblurrer = await Deblurrer.create(weights);
      const what = spec === 'default' ? 'the shipped default model' : spec;
      const description = `${weights.kind.model} (width ${weights.kind.width}), ${what}`;
      // Only RDPD keeps a state; a DPDNet row is the same either way.
      const modes = weights.kind.model !== 'rdpd' ? ['carried' as const] : state === 'both' ? (['carried', 'reset'] as const) : [state];
      const methods = modes.map((mode) =>
        mode === 'reset' ? modelMethod(`${name} (state reset)`, deblurrer, `${description}, recurrent state reset every frame`, 'reset') : modelMethod(name, deblurrer, description),
      );
      out.push({ deblurrer, methods });
    }
  } catch (err) {
    await releaseAll(out);
    throw err;
  }
  return out;
}

async function releaseAll(models: readonly LoadedModel[]): Promise<void> {
  for (const m of models) await m.deblurrer.release();
}
