import type { LeakReport } from './model.ts';
import { renderHtmlReport } from './render-html.ts';
import { renderJsonReport } from './render-json.ts';
import { renderMarkdownReport } from './render-markdown.ts';

export type ReportFormat = 'json' | 'html' | 'md';

export const REPORT_FORMATS: readonly ReportFormat[] = ['json', 'html', 'md'];

/** One report model, three exports: JSON for tools, a self-contained HTML page, Markdown for a pull request. */
export function renderReport(report: LeakReport, format: ReportFormat): string {
  switch (format) {
    case 'json':
      return renderJsonReport(report);
    case 'html':
      return renderHtmlReport(report);
    case 'md':
      return renderMarkdownReport(report);
  }
}

/** File extension for a format, used when the CLI or the panel names a download. */
export function reportFileExtension(format: ReportFormat): string {
  return format === 'md' ? '.md' : `.${format}`;
}
