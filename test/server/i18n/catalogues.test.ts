import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUES, en, fr } from '../../../server/i18n/locale.ts';

const UI = join(import.meta.dirname, '..', '..', '..', 'server', 'web', 'ui');
const uiFiles = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? uiFiles(join(dir, e.name)) : /\.(js|html)$/.test(e.name) ? [join(dir, e.name)] : []));

/**
 * The keys a page names: `t('key')` (or `tr('key')`), `data-i18n="key"`, and any `'ui.…'` string it hands to them later;
 * `named('phase', code)` names a family of keys (`phase.…`).
 */
function keysUsedBy(source: string): { fixed: string[]; prefixes: string[] } {
  const fixed = [
    ...[...source.matchAll(/\btr?\(\s*'([^']+)'/g)].map((m) => m[1]!),
    ...[...source.matchAll(/data-i18n="([^"]+)"/g)].map((m) => m[1]!),
    ...[...source.matchAll(/'(ui\.[A-Za-z0-9.-]+)'/g)].map((m) => m[1]!),
  ];
  // `t(\`status.${x}\`)`: the part before the first placeholder must start some key.
  const prefixes = [
    ...[...source.matchAll(/\btr?\(\s*`([^`$]*)\$\{/g)].map((m) => m[1]!),
    ...[...source.matchAll(/\bnamed\(\s*'([^']+)'/g)].map((m) => `${m[1]!}.`),
  ];
  return { fixed, prefixes };
}

describe('the message catalogues', () => {
  it('have the same keys in French and English, none of them empty', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const [lang, c] of Object.entries(CATALOGUES)) for (const [k, v] of Object.entries(c)) expect(v.trim(), `${lang} ${k}`).not.toBe('');
  });

  it('name the same placeholders, written the same way, in both languages', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+(?::\w+)?)\}/g)].map((m) => m[1]).sort();
    for (const k of Object.keys(en) as (keyof typeof en)[]) expect(placeholders(fr[k]), k).toEqual(placeholders(en[k]));
  });

  it('hold every key a shore page uses', () => {
    const files = uiFiles(UI);
    expect(files.map((f) => f.slice(UI.length + 1))).toEqual(expect.arrayContaining(['index.html', 'app.js', 'pages/fleet.js', 'pages/trips.js', 'pages/reports.js']));
    let used = 0;
    for (const file of files) {
      const { fixed, prefixes } = keysUsedBy(readFileSync(file, 'utf8'));
      used += fixed.length;
      for (const key of fixed) expect(Object.hasOwn(en, key) && Object.hasOwn(fr, key), `${file}: ${key}`).toBe(true);
      for (const prefix of prefixes) expect(Object.keys(en).some((k) => k.startsWith(prefix)), `${file}: ${prefix}…`).toBe(true);
    }
    expect(used).toBeGreaterThan(100);
  });
});
