import type { Lang } from '../i18n/locale.ts';
import type { EvidenceReport } from './build-report.ts';
import { renderCsv } from './render-csv.ts';
import { renderHtml } from './render-html.ts';

export const REPORT_FORMATS = ['json', 'csv', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/** The report in one of its three formats, as the API serves it and the command line writes it; the JSON has no language. */
export function renderReport(report: EvidenceReport, format: ReportFormat, lang: Lang): string {
  if (format === 'csv') return renderCsv(report, lang);
  if (format === 'html') return renderHtml(report, lang);
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** A file name saying what the report covers, and in which language when it has one. */
export function reportFileName(report: EvidenceReport, format: ReportFormat, lang: Lang): string {
  const what = [report.scope.vessel ?? 'fleet', report.scope.trip ?? report.scope.metier ?? report.scope.label]
    .join('-').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `sillage-report-${what}${format === 'json' ? '' : `-${lang}`}.${format}`;
}
