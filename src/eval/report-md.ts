// report.md: the paper's tables (Table 1 by subset, Table 2 per subset) with the best value of each
// column in bold, what each method is, notes, and every frame's PSNR / SSIM.
import type { EvalMetrics } from './eval-types.js';
import { columnHeader, combinedTable, METRICS, subsetTable, type ScoreTable } from './report-table.js';

/** The Markdown report of an evaluation. */
export function renderMarkdownReport(metrics: EvalMetrics): string {
  const s = metrics.settings;
  const out: string[] = ['# dualpix evaluation', ''];
  out.push(`Data \`${s.data}\`, split \`${s.split}\`: ${s.frames} frames${s.frames < s.framesInSplit ? ` (first ${s.frames} of ${s.framesInSplit})` : ''}. ${s.niqe ? `NIQE model fitted on ${s.niqe.images} sharp targets (${s.niqe.patches} patches).` : 'No NIQE.'} Averages: ${s.averaging}. ${s.createdAt}.`, '');
  const combined = combinedTable(metrics);
  if (combined) out.push(`## ${combined.title}`, '', markdownTable(combined), '');
  for (const a of metrics.averages) out.push(`## ${subsetTable(metrics, a.subset).title}`, '', markdownTable(subsetTable(metrics, a.subset)), '');
  out.push('## Methods', '');
  for (const m of metrics.methods) out.push(`- **${escape(m.name)}** (${m.kind}): ${m.description}`);
  out.push('');
  if (metrics.notes.length > 0) {
    out.push('## Notes', '');
    for (const n of metrics.notes) out.push(`- ${n}`);
    out.push('');
  }
  out.push('## Per frame (PSNR dB / SSIM)', '');
  const names = metrics.methods.map((m) => m.name);
  out.push(`| Frame | ${names.map(escape).join(' | ')} |`, `|---|${names.map(() => '---:|').join('')}`);
  for (const f of metrics.frames) {
    const cells = names.map((n) => {
      const sc = f.scores[n];
      return sc ? `${METRICS.psnr.format(sc.psnr)} / ${METRICS.ssim.format(sc.ssim)}` : '—';
    });
    out.push(`| ${escape(f.id)} | ${cells.join(' | ')} |`);
  }
  return out.join('\n') + '\n';
}

/** One ScoreTable as a GitHub-flavoured Markdown table, best cells in bold. */
export function markdownTable(table: ScoreTable): string {
  const head = `| Method | ${table.columns.map((c) => columnHeader(table, c)).join(' | ')} |`;
  const rule = `|---|${table.columns.map(() => '---:|').join('')}`;
  const rows = table.rows.map((r) => `| ${escape(r.method)} | ${r.cells.map((c) => (c.best ? `**${c.text}**` : c.text)).join(' | ')} |`);
  return [head, rule, ...rows].join('\n');
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|');
}
