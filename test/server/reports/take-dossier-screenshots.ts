/**
 * The trial dossier for the docs: the two-vessel trial of the dossier test (option C accepted for La Frégate,
 * refused for her sister; one of La Frégate's trips left out) printed to A4 PDFs in French and in English, their
 * first page, the sensitivity page and the page of the excluded trips as PNG, and the shore's trips page in French.
 * Run: npx tsx test/server/reports/take-dossier-screenshots.ts      (needs pdftoppm from poppler-utils)
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { launchChromium, waitReady } from '../web/browser.ts';
import { startTrialShore } from './trial-shore.ts';

const docs = join(import.meta.dirname, '..', '..', '..', 'docs');
const shore = await startTrialShore();
const browser = await launchChromium();
for (const lang of ['fr', 'en']) {
  const page = await browser.newPage();
  await page.goto(`${shore.httpUrl}/api/reports?scope=period&format=html&lang=${lang}`);
  const pdf = join(docs, `trial-dossier-${lang}.pdf`);
  await page.pdf({ path: pdf, format: 'A4', printBackground: true });
  const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString('utf8').split('\f');
  // The page where a section starts, past page 1, whose contents name every section.
  const pageOf = (heading: string) => text.findIndex((p, k) => k > 0 && p.includes(heading)) + 1;
  const tornado = pageOf(lang === 'fr' ? '4. Sensibilité' : '4. Sensitivity');
  const exclusions = pageOf(lang === 'fr' ? 'Marées exclues' : 'Trips excluded');
  for (const [first, name] of [[1, 'p1'], [tornado, 'sensitivity'], [exclusions, 'exclusions']] as const) {
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', String(first), '-l', String(first), '-singlefile', pdf, join(docs, 'screenshots', `trial-dossier-${lang}-${name}`)]);
  }
  await page.close();
}
const ctx = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1360, height: 640 } });
const page = await ctx.newPage();
await page.goto(`${shore.httpUrl}/ui/#/trips`);
await waitReady(page);
await page.screenshot({ path: join(docs, 'screenshots', 'shore-trips-fr.png') });
await browser.close();
await shore.stop();
console.log(`dossiers and screenshots in ${docs}`);
