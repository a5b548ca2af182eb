import { describe, expect, it } from 'vitest';
import { engineFuelRate, engineSfoc, imoEq10Sfoc } from '../../../shared/profile/index.ts';
import {
  combineIndependent, cvRmse, effectivePoints, fractionalSavingsUncertainty, fuelCo2Kg, fuelEnergyJ, fuelLitres, fuelMassKg,
  gridCo2eKg, lag1Autocorrelation, meetsGuideline14, nmbe, noxGramsPerKWh, noxKg, pmKg, quantile, studentTQuantile,
} from '../../../shared/savings/index.ts';
import { leastSquares, studentizedResiduals } from '../../../shared/savings/regression.ts';
import { apparentWind, bareHullResistance } from '../../../shared/savings/resistance.ts';
import { windTurbineThrust } from '../../../shared/savings/model-baseline.ts';

const C32 = { ratedPower: 994_000, fuelCurve: { kind: 'points' as const, idleFuelRate: 0.003, points: [
  { load: 0.25, sfoc: 237 }, { load: 0.5, sfoc: 218 }, { load: 0.75, sfoc: 215 }, { load: 1, sfoc: 204 }] } };

describe('diesel part-load fuel', () => {
  it('IMO Fourth GHG Study eq. 10: SFOC(0.5) = 200 · (0.455·0.25 − 0.71·0.5 + 1.28) = 207.75 g/kWh', () => {
    expect(imoEq10Sfoc(200, 0.5)).toBeCloseTo(207.75, 10);
  });
  it('datasheet curve (CAT C32): fuel flow is linear between points, 216.2 g/kWh at 62.5 % = ((218·0.5 + 215·0.75)/2)/0.625', () => {
    expect(engineSfoc(C32, 0.625 * 994_000)).toBeCloseTo(216.2, 6);
    expect(engineSfoc(C32, 0.75 * 994_000)).toBeCloseTo(215, 6);
  });
  it('datasheet curve below its first point follows the Willans line from the idle flow', () => {
    // Halfway to 25 %: 0.003 + (237·0.25·994 kW / 3.6e6 − 0.003)/2 kg/s.
    expect(engineFuelRate(C32.fuelCurve, 994_000, 0.125 * 994_000)).toBeCloseTo(0.003 + ((237 * 0.25 * 994_000) / 3.6e9 - 0.003) / 2, 12);
  });
});

describe('fuel, carbon and energy (METHOD §2)', () => {
  it('1 m³ of marine gas oil at 845 kg/m³ (EN 590 / ISO 8217) weighs 845 kg, and 845 kg is 1000 L', () => {
    expect(fuelMassKg(1)).toBe(845);
    expect(fuelLitres(845)).toBeCloseTo(1000, 10);
  });
  it('1 t of diesel gives 3.206 t CO2 (IMO MEPC.364(79))', () => {
    expect(fuelCo2Kg(1000)).toBeCloseTo(3206, 10);
  });
  it('1 kg of diesel holds 42.7 MJ (LHV, IMO MEPC.364(79))', () => {
    expect(fuelEnergyJ(1)).toBe(42.7e6);
  });
  it('1000 kWh of French grid electricity is 32 kg CO2e (RTE 2023)', () => {
    expect(gridCo2eKg(3.6e9)).toBeCloseTo(32, 10);
  });
});

describe('NOx and particulate matter (MARPOL Annex VI reg. 13, EMEP/EEA)', () => {
  it('Tier II at 1500 rpm: 44 · 1500^−0.23 = 8.184 g/kWh; 14.4 below 130 rpm; 7.7 from 2000 rpm', () => {
    expect(noxGramsPerKWh(1500)).toBeCloseTo(8.184, 3);
    expect(noxGramsPerKWh(100)).toBe(14.4);
    expect(noxGramsPerKWh(2000)).toBe(7.7);
  });
  it('Tier III at 1500 rpm: 9 · 1500^−0.2 = 2.085 g/kWh; 3.4 below 130 rpm; 2.0 from 2000 rpm', () => {
    expect(noxGramsPerKWh(1500, 'III')).toBeCloseTo(2.085, 3);
    expect(noxGramsPerKWh(100, 'III')).toBe(3.4);
    expect(noxGramsPerKWh(2500, 'III')).toBe(2.0);
  });
  it('1000 kWh from a 25 Hz (1500 rpm) Tier II engine: 8.184 kg NOx and 0.2 kg PM', () => {
    expect(noxKg(3.6e9, 25)).toBeCloseTo(8.184, 3);
    expect(pmKg(3.6e9)).toBeCloseTo(0.2, 10);
  });
});

describe('ASHRAE Guideline 14 statistics', () => {
  it('CV(RMSE) of residuals ±1 around ȳ = 13 with n = 4, p = 1: √(4/3)/13 = 0.08882', () => {
    expect(cvRmse([10, 12, 14, 16], [11, 11, 15, 15], 1)).toBeCloseTo(Math.sqrt(4 / 3) / 13, 12);
  });
  it('NMBE of a model 1 low everywhere, n = 4, p = 1: 4/(3·13) = 0.1026; 0 for balanced residuals', () => {
    expect(nmbe([10, 12, 14, 16], [9, 11, 13, 15], 1)).toBeCloseTo(4 / 39, 12);
    expect(nmbe([10, 12, 14, 16], [11, 11, 15, 15], 1)).toBe(0);
  });
  it('accepts a model within the hourly limits (30 %, 10 %) and refuses one outside', () => {
    expect(meetsGuideline14({ cvRmse: 0.25, nmbe: -0.05 })).toBe(true);
    expect(meetsGuideline14({ cvRmse: 0.31, nmbe: 0 })).toBe(false);
    expect(meetsGuideline14({ cvRmse: 0.1, nmbe: 0.11 })).toBe(false);
  });
  it('lag-1 autocorrelation of 1, −1, 1, −1 is −3/4', () => {
    expect(lag1Autocorrelation([1, -1, 1, -1])).toBeCloseTo(-0.75, 12);
  });
  it("Reddy & Claridge: n′ = n(1 − ρ)/(1 + ρ), 100 points at ρ = 0.5 count as 33.3", () => {
    expect(effectivePoints(100, 0.5)).toBeCloseTo(100 / 3, 12);
  });
  it("Student's t quantiles match the tables: 12.706 (1 df), 2.228 (10), 2.042 (30), 1.960 (∞)", () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.2281, 4);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.0423, 4);
    expect(studentTQuantile(0.975, 1e7)).toBeCloseTo(1.95996, 4);
    expect(studentTQuantile(0.025, 10)).toBeCloseTo(-2.2281, 4);
  });
  it('fractional savings uncertainty: 1.9845·1.26·0.1·√(1.02/50)/0.2 = 0.1786 for CV 10 %, n = n′ = 100, p = 2, m = 50, F = 20 %', () => {
    expect(fractionalSavingsUncertainty({ cv: 0.1, n: 100, nPrime: 100, p: 2, m: 50, fraction: 0.2 }))
      .toBeCloseTo((studentTQuantile(0.975, 98) * 1.26 * 0.1 * Math.sqrt(1.02 / 50)) / 0.2, 12);
    expect(studentTQuantile(0.975, 98)).toBeCloseTo(1.9845, 4);
  });
  it('aggregates independent uncertainties in quadrature: √(3² + 4²) = 5', () => {
    expect(combineIndependent([3, 4])).toBe(5);
  });
  it('reads the 2.5 % and 97.5 % points of a sample between order statistics', () => {
    expect(quantile([0, 10, 20, 30, 40], 0.5)).toBe(20);
    expect(quantile([0, 10, 20, 30, 40], 0.125)).toBe(5);
  });
  it('least squares recovers y = 1 + 2x exactly', () => {
    const beta = leastSquares([[1, 0], [1, 1], [1, 2], [1, 3]], [1, 3, 5, 7]);
    expect(beta[0]).toBeCloseTo(1, 10);
    expect(beta[1]).toBeCloseTo(2, 10);
  });
  it('studentizes a residual by the scatter of the others: 10 against 0, 1, 2, 3 is (10 − 1.5) / (√(5/3)·√(1 + 1/4)) = 5.889', () => {
    const t = studentizedResiduals([[1], [1], [1], [1], [1]], [0, 1, 2, 3, 10]);
    expect(t[4]).toBeCloseTo(8.5 / Math.sqrt((5 / 3) * 1.25), 10);
    expect(Math.abs(t[0]!)).toBeLessThan(1.5);
  });
  it('studentizes through a column the others explain: x and 2x give the residuals of x alone, on a degree of freedom fewer', () => {
    const x = [0, 1, 2, 3, 4, 5, 6];
    const y = [1.1, 2.9, 5.2, 6.8, 9.1, 11, 20];
    const alone = studentizedResiduals(x.map((v) => [1, v]), y);
    const twice = studentizedResiduals(x.map((v) => [1, v, 2 * v]), y);
    twice.forEach((t, i) => expect(Math.abs(t)).toBeCloseTo(Math.abs(alone[i]!) * Math.sqrt((7 - 3 - 1) / (7 - 2 - 1)), 6));
    expect(alone[6]).toBeGreaterThan(5);
  });
});

describe('forces on the hull', () => {
  it('apparent wind: 10 m/s from the north on a vessel making 5 m/s north is 15 m/s, all of it ahead', () => {
    const w = apparentWind(10, 0, 5, 0);
    expect(w.speed).toBeCloseTo(15, 10);
    expect(w.headWind).toBeCloseTo(15, 10);
  });
  it('bare hull at 4 kn in 1 m waves, no wind: 5500 N · (1 + 0.08) = 5940 N', () => {
    const hull = { resistance: [{ speed: 0, force: 0 }, { speed: 2.0578, force: 5500 }], addedResistancePerMetreWave: 0.08, windageCoefficient: 33, sources: {} };
    expect(bareHullResistance(hull, 2.0578, 1, 0)).toBeCloseTo(5940, 8);
    expect(bareHullResistance(hull, 2.0578, 0, 10)).toBeCloseTo(5500 + 3300, 8);
  });
  it('a wind turbine yielding 800 W in 10 m/s of head wind pushes back 1.5 · 800 / (0.8 · 10) = 150 N (Betz optimum)', () => {
    expect(windTurbineThrust(800, 10, 10)).toBeCloseTo(150, 10);
    expect(windTurbineThrust(800, 10, -10)).toBeCloseTo(-150, 10);
  });
});
