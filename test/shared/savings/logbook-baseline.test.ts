import { describe, expect, it } from 'vitest';
import { fitLogbookBaseline, logbookSaving, predictConventionalFuel, SeededRandom, type LogbookRecord, type LogbookTrip } from '../../../shared/savings/index.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const YEAR_START = Date.UTC(2023, 0, 1);

/** The conventional vessel as these tests make it: 40 L to go out and back, 70 L an hour at sea, 6 L more per hour fishing, 10 % more in midwinter. */
function trueFuelL(t: LogbookTrip): number {
  const hours = (t.arrival - t.departure) / HOUR;
  const winter = 1 + 0.1 * Math.cos((2 * Math.PI * ((t.departure + t.arrival) / 2 - YEAR_START)) / (365.25 * DAY));
  return 40 + hours * 70 * winter + 6 * (t.fishingSeconds ?? 0) / 3600;
}

/** `n` day trips through a year, 10–18 h at sea, the fuel noted with a scatter of `sd` L a trip. */
function season(n: number, rng: SeededRandom, sd = 40): { trip: LogbookTrip; fuelL: number }[] {
  return Array.from({ length: n }, (_, k) => {
    const departure = YEAR_START + Math.floor((k * 365) / n) * DAY + 5 * HOUR;
    const hours = 10 + 8 * rng.next();
    const trip: LogbookTrip = { departure, arrival: departure + hours * HOUR, timed: true, metier: 'OTB', fishingSeconds: hours * 0.6 * 3600 };
    return { trip, fuelL: trueFuelL(trip) + rng.normal(0, sd) };
  });
}

const consumed = (trips: ReturnType<typeof season>): LogbookRecord[] =>
  trips.map(({ trip, fuelL }, k) => ({ ...trip, line: k + 2, fuelM3: fuelL / 1000, landingsKg: null }));

/** Bunkering every third trip: the receipt on the third carries the three trips' fuel. */
const bunkered = (trips: ReturnType<typeof season>): LogbookRecord[] => trips.map(({ trip }, k) => ({
  ...trip, line: k + 2, landingsKg: null,
  fuelM3: k % 3 === 2 ? trips.slice(k - 2, k + 1).reduce((s, t) => s + t.fuelL, 0) / 1000 : null,
}));

describe('option C on a logbook', () => {
  it('fits trips of fuel consumed on time at sea, fishing and season, with Guideline 14 statistics for that resolution', () => {
    const fit = fitLogbookBaseline([{ basis: 'consumed', records: consumed(season(60, new SeededRandom(1))), rejectedLines: [] }]);
    expect(fit).toMatchObject({ resolution: 'trip', n: 60, records: 60, p: 5, accepted: true, model: { duration: 'hours', metiers: ['OTB'], fishing: true } });
    expect(fit.cvRmse).toBeLessThan(0.05);
    expect(Math.abs(fit.nmbe)).toBeLessThan(0.005);
    expect(fit.r2).toBeGreaterThan(0.9);
    // Fuel per hour at sea (OTB) plus 0.6 × the fishing rate: the two are collinear here, their sum is what is known.
    expect(fit.beta[1]! + 0.6 * fit.beta[2]!).toBeCloseTo(70 + 0.6 * 6, -0.5);
    expect(fit.reason).toMatch(/^meets the logbook limits \(per trip: CV\(RMSE\) ≤ 20 %, \|NMBE\| ≤ 5 %\)/);
  });

  it('fits bunkering receipts on the intervals they cover, leaving out an interval that holds a rejected line', () => {
    const records = bunkered(season(60, new SeededRandom(2))).filter((r) => r.line !== 9);
    const fit = fitLogbookBaseline([{ basis: 'bunkered', records, rejectedLines: [9] }]);
    expect(fit).toMatchObject({ resolution: 'bunkering interval', n: 19, records: 57, accepted: true });
    expect(fit.leftOut).toEqual(['lines 8–10: a bunkering interval holding rejected line 9']);
    expect(fit.reason).toContain('fitted on 19 bunkering intervals covering 57 records, 1 left out');
  });

  it('counts untimed per-day records in days at sea, and says the resolution is the day', () => {
    const records = consumed(season(40, new SeededRandom(3))).map((r) => {
      const day = Math.floor(r.departure / DAY) * DAY;
      return { ...r, departure: day, arrival: day + DAY, timed: false };
    });
    const fit = fitLogbookBaseline([{ basis: 'consumed', records, rejectedLines: [] }]);
    expect(fit).toMatchObject({ resolution: 'day', model: { duration: 'days' } });
  });

  it('refuses, with the reason, records too few for its parameters', () => {
    const fit = fitLogbookBaseline([{ basis: 'consumed', records: consumed(season(14, new SeededRandom(4))), rejectedLines: [] }]);
    expect(fit.accepted).toBe(false);
    expect(fit.reason).toBe('14 trips of fuel (14 records): fewer than the 15 that 5 parameters need; no percentage is given');
    expect(predictConventionalFuel(fit, season(1, new SeededRandom(5)).map((t) => t.trip))).toEqual({ unknown: fit.reason, unknownCodes: fit.reasonCodes });
  });

  it('refuses to predict a métier the logbook never fished', () => {
    const fit = fitLogbookBaseline([{ basis: 'consumed', records: consumed(season(40, new SeededRandom(6))), rejectedLines: [] }]);
    const [trip] = season(1, new SeededRandom(7));
    expect(predictConventionalFuel(fit, [{ ...trip!.trip, metier: 'SDN' }])).toEqual({
      unknown: 'métier SDN is not in the logbook (OTB)', unknownCodes: [{ code: 'logbook.foreignMetier', params: { metier: 'SDN', metiers: 'OTB' } }],
    });
  });

  it('gives a 95 % prediction interval that holds a new trip\'s true fuel about 95 % of the time, and a saving against it', () => {
    let held = 0;
    const runs = 400;
    for (let k = 0; k < runs; k++) {
      const rng = new SeededRandom(100 + k);
      const fit = fitLogbookBaseline([{ basis: 'bunkered', records: bunkered(season(45, rng)), rejectedLines: [] }]);
      const [next] = season(1, rng);
      const p = predictConventionalFuel(fit, [next!.trip]);
      if ('unknown' in p) throw new Error(p.unknown);
      if (p.conventionalL.low <= next!.fuelL && next!.fuelL <= p.conventionalL.high) held++;
      if (k === 0) {
        const s = logbookSaving(p, 0.8 * p.conventionalL.value);
        expect(s.fraction.value).toBeCloseTo(0.2, 10);
        expect(s.fraction.low).toBeLessThan(0.2);
        expect(s.savedL.high - s.savedL.value).toBeGreaterThan(p.conventionalL.high - p.conventionalL.value);
      }
    }
    expect(held / runs).toBeGreaterThan(0.92);
    expect(held / runs).toBeLessThan(0.98);
  });

  it('leaves out, and says so, a receipt that also paid for a trip missing from the logbook', () => {
    // The trip of line 23 is lost; the receipt of line 25 still pays for it.
    const records = bunkered(season(60, new SeededRandom(8))).filter((r) => r.line !== 23);
    const fit = fitLogbookBaseline([{ basis: 'bunkered', records, rejectedLines: [] }]);
    expect(fit).toMatchObject({ n: 19, records: 57, accepted: true });
    expect(fit.leftOut).toHaveLength(1);
    expect(fit.leftOut[0]).toMatch(/^lines 24–25: \d+ L more fuel than its records explain \(studentized residual \d+\.\d\), as a trip missing from the logbook/);
  });

  it('keeps its interval as narrow and as honest with a trip lost from the logbook as without it', () => {
    const runs = 300;
    const widths = { clean: 0, lost: 0 };
    let held = 0;
    for (let k = 0; k < runs; k++) {
      const trips = season(61, new SeededRandom(700 + k));
      const next = trips.pop()!;
      const lost = 3 * (k % 20);
      const clean = fitLogbookBaseline([{ basis: 'bunkered', records: bunkered(trips), rejectedLines: [] }]);
      const fit = fitLogbookBaseline([{ basis: 'bunkered', records: bunkered(trips).filter((r) => r.line !== lost + 2), rejectedLines: [] }]);
      const [a, b] = [clean, fit].map((f) => predictConventionalFuel(f, [next.trip]));
      if (!a || 'unknown' in a || !b || 'unknown' in b) throw new Error('no prediction');
      widths.clean += a.conventionalL.high - a.conventionalL.low;
      widths.lost += b.conventionalL.high - b.conventionalL.low;
      if (b.conventionalL.low <= next.fuelL && next.fuelL <= b.conventionalL.high) held++;
    }
    expect(widths.lost / widths.clean).toBeGreaterThan(0.9);
    expect(widths.lost / widths.clean).toBeLessThan(1.1);
    expect(held / runs).toBeGreaterThan(0.92);
    expect(held / runs).toBeLessThan(0.98);
  });
});
