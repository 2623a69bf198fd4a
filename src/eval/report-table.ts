// The score tables every report shares (Markdown, HTML, the CLI's text): rows are methods, columns
// are (subset, metric) pairs, each cell formatted once and flagged when it is its column's best.
import type { AverageScore, EvalMetrics } from './eval-types.js';
import { ALL_SUBSET } from './subsets.js';

/** A scored quantity of the tables. */
export type Metric = 'psnr' | 'ssim' | 'mae' | 'niqe' | 'timeS';

/** Label (with ↑/↓ for the better direction) and number format of each metric. */
export const METRICS: Readonly<Record<Metric, { readonly label: string; readonly higherIsBetter: boolean; readonly format: (v: number) => string }>> = {
  psnr: { label: 'PSNR↑', higherIsBetter: true, format: (v) => (v === Infinity ? '∞' : v.toFixed(2)) },
  ssim: { label: 'SSIM↑', higherIsBetter: true, format: (v) => v.toFixed(3) },
  mae: { label: 'MAE↓', higherIsBetter: false, format: (v) => v.toFixed(4) },
  niqe: { label: 'NIQE↓', higherIsBetter: false, format: (v) => v.toFixed(2) },
  timeS: { label: 'Time (s)↓', higherIsBetter: false, format: (v) => (v >= 100 ? v.toFixed(0) : v.toPrecision(3)) },
};

/** One column: a metric averaged over a subset; `group` is the subset's display name. */
export interface TableColumn {
  readonly subset: string;
  readonly group: string;
  readonly metric: Metric;
}

/** One formatted cell; `best` marks the best value of its column (ties all marked; never with fewer than 2 values). */
export interface TableCell {
  readonly text: string;
  readonly value: number | null;
  readonly best: boolean;
}

/** A table of averages, ready to print. */
export interface ScoreTable {
  readonly title: string;
  readonly columns: readonly TableColumn[];
  readonly rows: readonly { readonly method: string; readonly cells: readonly TableCell[] }[];
}

const MISSING = '—';

/** Display name of a subset (`all` reads "All"). */
export function subsetLabel(subset: string): string {
  return subset === ALL_SUBSET ? 'All' : subset;
}

/** Table 2 of the paper, for one subset: PSNR, SSIM, MAE, NIQE, time per frame (columns with no value at all left out). */
export function subsetTable(metrics: EvalMetrics, subset: string): ScoreTable {
  const avg = metrics.averages.find((a) => a.subset === subset);
  if (!avg) throw new RangeError(`subsetTable: no subset "${subset}"`);
  const columns = (['psnr', 'ssim', 'mae', 'niqe', 'timeS'] as const).map((metric) => ({ subset, group: subsetLabel(subset), metric }));
  return buildTable(metrics, `${subsetLabel(subset)} (${avg.frames} frame${avg.frames === 1 ? '' : 's'})`, columns);
}

/**
 * Table 1 of the paper: PSNR, SSIM and MAE for each user subset (e.g. Indoor, Outdoor), then the
 * whole set with NIQE, then time per frame. Null when there are no user subsets.
 */
export function combinedTable(metrics: EvalMetrics): ScoreTable | null {
  const user = metrics.averages.filter((a) => a.subset !== ALL_SUBSET);
  if (user.length === 0) return null;
  const columns: TableColumn[] = [];
  for (const a of user) for (const metric of ['psnr', 'ssim', 'mae'] as const) columns.push({ subset: a.subset, group: a.subset, metric });
  for (const metric of ['psnr', 'ssim', 'mae', 'niqe'] as const) columns.push({ subset: ALL_SUBSET, group: subsetLabel(ALL_SUBSET), metric });
  columns.push({ subset: ALL_SUBSET, group: '', metric: 'timeS' });
  return buildTable(metrics, 'By subset', columns);
}

function buildTable(metrics: EvalMetrics, title: string, wanted: readonly TableColumn[]): ScoreTable {
  const methods = metrics.methods.map((m) => m.name);
  const valueOf = (method: string, col: TableColumn): number | null => {
    const avg = metrics.averages.find((a) => a.subset === col.subset)?.methods[method] as AverageScore | undefined;
    return avg ? avg[col.metric] : null;
  };
  const columns = wanted.filter((col) => methods.some((m) => valueOf(m, col) !== null));
  const best = columns.map((col) => {
    const info = METRICS[col.metric];
    const values = methods.map((m) => valueOf(m, col)).filter((v): v is number => v !== null && !Number.isNaN(v));
    if (values.length < 2) return null;
    return info.format(info.higherIsBetter ? Math.max(...values) : Math.min(...values));
  });
  const rows = methods.map((method) => ({
    method,
    cells: columns.map((col, j) => {
      const v = valueOf(method, col);
      const text = v === null ? MISSING : METRICS[col.metric].format(v);
      return { text, value: v, best: v !== null && text === best[j] };
    }),
  }));
  return { title, columns, rows };
}

/** Column header text: metric label, prefixed by its group when the table has several groups. */
export function columnHeader(table: ScoreTable, col: TableColumn): string {
  const groups = new Set(table.columns.map((c) => c.group));
  return groups.size > 1 && col.group !== '' ? `${col.group} ${METRICS[col.metric].label}` : METRICS[col.metric].label;
}

/** The table as aligned plain text (best values marked with *), for a terminal. */
export function formatTextTable(table: ScoreTable): string {
  const head = ['Method', ...table.columns.map((c) => columnHeader(table, c))];
  const body = table.rows.map((r) => [r.method, ...r.cells.map((c) => (c.best ? `${c.text}*` : c.text))]);
  const widths = head.map((h, j) => Math.max(h.length, ...body.map((r) => r[j]!.length)));
  const line = (cells: string[]): string => cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  ');
  return [table.title, line(head), ...body.map(line)].join('\n') + '\n';
}
