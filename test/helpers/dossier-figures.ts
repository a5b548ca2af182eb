/** The exact figures one baseline's section of a dossier carries: each data-key with its data-value. */
export function sectionFigures(html: string, baseline: string): [key: string, value: string][] {
  const start = html.indexOf(`data-baseline="${baseline}"`);
  if (start < 0) return [];
  const section = html.slice(start, html.indexOf('</section>', start));
  return [...section.matchAll(/data-key="([^"]+)" data-value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]);
}

/** The value at a dotted key of a report (array items by index). */
export function valueAt(report: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], report);
}
