import { describe, expect, it } from 'vitest';
import { csvDialect } from '../../../server/i18n/csv-dialect.ts';
import { localeOf, negotiateLang } from '../../../server/i18n/locale.ts';
import { fitLogbookBaseline, reason, reasonText } from '../../../shared/savings/index.ts';

describe('the reader\'s language', () => {
  it('is French unless Accept-Language prefers English', () => {
    expect(negotiateLang(undefined)).toBe('fr');
    expect(negotiateLang('*')).toBe('fr');
    expect(negotiateLang('de-DE, it;q=0.8')).toBe('fr');
    expect(negotiateLang('en-US,en;q=0.9')).toBe('en');
    expect(negotiateLang('de-DE, en;q=0.7, fr;q=0.9')).toBe('fr');
    expect(negotiateLang('fr-CA;q=0.2, en-GB;q=0.8')).toBe('en');
    expect(negotiateLang('en;q=0, de')).toBe('fr');
  });

  it('writes numbers and dates as fr-FR does: decimal comma, narrow no-break space, dd/mm/yyyy', () => {
    const fr = localeOf('fr');
    expect(fr.num(12345.678, 1)).toBe('12\u202f345,7');
    expect(fr.pct(0.1834)).toBe('18,3\u202f%');
    expect(fr.num(-0.0001, 2)).toBe('0,00');
    expect(fr.dateTime('2025-03-07T05:04:59.000Z')).toBe('07/03/2025 05:04 UTC');
    expect(fr.month('2025-03-07T05:04:59.000Z')).toBe('mars 2025');
    expect(fr.t('scope.metier', { metier: 'OTB', range: 'tout l\'essai' })).toBe('métier OTB, tout l\'essai');
  });

  it('writes English numbers with a decimal point and dates in ISO 8601', () => {
    const en = localeOf('en');
    expect(en.num(12345.678, 1)).toBe('12,345.7');
    expect(en.pct(0.1834)).toBe('18.3 %');
    expect(en.dateTime('2025-03-07T05:04:59.000Z')).toBe('2025-03-07 05:04 UTC');
  });
});

describe('a reason the savings engine gives as a code and its figures', () => {
  const below = reason('coverage.below', { coverage: 61.234, min: 90, gaps: 5400.4, incomplete: 0, implausible: 12 });

  it('reads in English as the API has always written it', () => {
    expect(reasonText(below)).toBe('coverage 61.2 % at sea is below 90 % (gaps 5400 s, incomplete 0 s, implausible 12 s)');
    expect(localeOf('en').reason(below)).toBe('coverage 61.2 % at sea is below 90 % (gaps 5,400 s, incomplete 0 s, implausible 12 s)');
  });

  it('reads in French with fr-FR numbers', () => {
    expect(localeOf('fr').reason(below)).toBe('couverture en mer de 61,2\u202f%, sous le seuil de 90\u202f% (trous 5\u202f400 s, incomplet 0 s, non plausible 12 s)');
  });

  it('words the terms it names, such as a logbook\'s resolution, in the reader\'s language', () => {
    const fit = fitLogbookBaseline([{ records: [], basis: 'consumed', rejectedLines: [] }]);
    expect(fit.reason).toMatch(/^0 days of fuel \(0 records\): fewer than the \d+ that \d+ parameters need; no percentage is given$/);
    expect(localeOf('fr').because(fit.reasonCodes)).toMatch(/^0 unités de carburant, une par jour \(0 relevés\) : moins que les \d+ qu'exigent \d+ paramètres ; aucun pourcentage n'est donné$/);
  });

  it('falls back to the English as written for savings stored before reasons had codes', () => {
    expect(localeOf('fr').reasons(null, ['coverage 61.2 % at sea is below 90 %'])).toEqual(['coverage 61.2 % at sea is below 90 %']);
  });
});

describe('a CSV for the reader\'s spreadsheet', () => {
  it('is, in French, split on `;` with a decimal comma, quoting what holds a `;`', () => {
    const csv = csvDialect('fr');
    expect(csv.bom).toBe('\ufeff');
    expect(csv.row(['savings', 'fuel.fraction', 0.1834, -1.5e-7, 'a; b', null])).toBe('savings;fuel.fraction;0,1834;-1,5e-7;"a; b";');
    expect(csv.number('0,1834')).toBe(0.1834);
    expect(csv.number('-1,5e-7')).toBe(-1.5e-7);
  });

  it('is, in English, split on `,` with a decimal point and no byte-order mark', () => {
    const csv = csvDialect('en');
    expect(csv.bom).toBe('');
    expect(csv.row(['savings', 0.1834, 'a, b'])).toBe('savings,0.1834,"a, b"');
    expect(csv.number('0.1834')).toBe(0.1834);
  });
});
