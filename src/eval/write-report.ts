// Writes an evaluation's three files: metrics.json, report.md, report.html (each atomically).
import { join } from 'node:path';
import { writeFileAtomic } from '../image/index.js';
import type { EvalResult } from './eval-types.js';
import { writeMetricsJson } from './metrics-json.js';
import { renderHtmlReport } from './report-html.js';
import { renderMarkdownReport } from './report-md.js';

/** Paths of the files writeEvalReport wrote. */
export interface ReportFiles {
  readonly metrics: string;
  readonly markdown: string;
  readonly html: string;
}

/** Writes `outDir`/metrics.json, report.md and report.html (folder created if needed). Every file is rendered before the first one is written. */
export function writeEvalReport(outDir: string, result: EvalResult): ReportFiles {
  const files = { metrics: join(outDir, 'metrics.json'), markdown: join(outDir, 'report.md'), html: join(outDir, 'report.html') };
  const md = renderMarkdownReport(result.metrics);
  const html = renderHtmlReport(result.metrics, result.crops);
  writeMetricsJson(files.metrics, result.metrics);
  writeFileAtomic(files.markdown, md);
  writeFileAtomic(files.html, html);
  return files;
}
