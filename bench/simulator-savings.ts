import { resolveVesselProfile } from '../shared/profile/load-profile.ts';
import { meanOf, surveyMetier, type MetierSurvey } from '../simulators/scenario/savings-survey.ts';
import { electricOnlyAutonomy } from '../simulators/vessel/autonomy.ts';
import type { VesselProfile } from '../shared/profile/index.ts';
import type { BenchResult } from './result.ts';

/**
 * The simulator's true savings per métier (the issue-3 closing figures, explained in docs/SIMULATOR.md): the first
 * trip of seeds 1…N (SILLAGE_BENCH_SIM_SEEDS, 10) from 2024-06-10T04:00Z (SILLAGE_BENCH_SIM_DATE) for each profile and
 * métier, with the energy breakdown and La Frégate's sensitivity to the assumptions that decide it printed; the electric-only autonomy of La Frégate; the worst bus-energy error.
 * The speed-up is the `simulator` module's.
 */
export default async function run(): Promise<BenchResult[]> {
  const seeds = Array.from({ length: Number(process.env.SILLAGE_BENCH_SIM_SEEDS ?? 10) }, (_, i) => i + 1);
  const date = process.env.SILLAGE_BENCH_SIM_DATE ?? '2024-06-10T04:00:00Z';
  const start = Date.parse(date);
  const surveys: MetierSurvey[] = [];
  for (const name of ['la-fregate', 'coastal-12m']) {
    const profile = resolveVesselProfile(name);
    for (const m of profile.metiers) surveys.push(surveyMetier(profile, m.code, seeds, start));
  }
  printTables(surveys);
  printSensitivity(seeds.slice(0, 4), start);
  const results: BenchResult[] = surveys.map((s) => ({
    id: `simulator.savings.${s.vessel}.${s.metier}`,
    value: round(100 * s.savedFraction.mean, 1), unit: '% fuel (true)', reference: null, ratio: null,
    note: `${seeds.length} trips from ${date}: min ${pct(s.savedFraction.min)}, max ${pct(s.savedFraction.max)}; mean ${s.savedL.mean.toFixed(0)} L saved of ${meanOf(s, (t) => t.conventionalL).toFixed(0)} L; fuel burnt alone (battery's change counted free) ${pct(s.fuelOnlySavedFraction.mean)}`,
  }));
  const fregate = resolveVesselProfile('la-fregate');
  for (const kn of [3, 4, 5]) {
    const a = electricOnlyAutonomy(fregate, { speed: kn * 0.5144, significantHeight: 0.5, ambient: 288.15 });
    results.push({ id: `simulator.autonomy.fregate.${kn}kn`, value: round(a.hours, 2), unit: 'h', reference: null, ratio: null, note: `battery alone, ${(a.busPower / 1000).toFixed(1)} kW bus (hotel, stabiliser at Hs 0.5 m), 95 % → 20 %, 15 °C` });
  }
  const worst = Math.max(...surveys.flatMap((s) => s.trips.map((t) => t.conservationError)));
  results.push({ id: 'simulator.energy_conservation_error', value: Number(worst.toPrecision(3)), unit: 'fraction of bus energy', reference: 0.001, ratio: Number((worst / 0.001).toPrecision(3)), note: `worst of the ${surveys.length * seeds.length} trips above; reference = the issue's 0.1 %` });
  return results;
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

function printTables(surveys: readonly MetierSurvey[]): void {
  const rows = [
    '| vessel | métier | trip h | twin L | hybrid L | saved L (min–max) | true saving % mean (min–max) | fuel burnt alone % | shore kWh | battery Δ kWh | harvest kWh (share) | silent h at sea | hybrid sets g/kWh | twin main g/kWh at load | twin aux g/kWh |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...surveys.map((s) => {
      const m = (f: Parameters<typeof meanOf>[1], d = 0) => meanOf(s, f).toFixed(d);
      return `| ${s.vessel} | ${s.metier} | ${m((t) => t.hours, 1)} | ${m((t) => t.conventionalL)} | ${m((t) => t.hybridL)} | ${s.savedL.mean.toFixed(0)} (${s.savedL.min.toFixed(0)}–${s.savedL.max.toFixed(0)}) | ${pct(s.savedFraction.mean)} (${pct(s.savedFraction.min)}–${pct(s.savedFraction.max)}) | ${pct(s.fuelOnlySavedFraction.mean)} | ${m((t) => t.shoreKWh)} | ${m((t) => t.batteryChangeKWh)} | ${m((t) => t.harvestKWh)} (${pct(meanOf(s, (t) => t.harvestShare))}) | ${m((t) => t.silentHoursAtSea, 1)} | ${m((t) => t.hybridSfoc)} | ${m((t) => t.twinMainSfoc)} at ${pct(meanOf(s, (t) => t.twinMainLoad))} | ${m((t) => t.twinAuxSfoc)} |`;
    }),
    '',
    '| vessel | métier | phase | twin L | hybrid L | saved L | saved % of phase | share of the trip\'s saving |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...surveys.flatMap((s) => (['port', 'steaming', 'shooting', 'towing', 'hauling'] as const).map((phase) => {
      const twin = meanOf(s, (t) => t.byPhase[phase].conventionalL);
      const hyb = meanOf(s, (t) => t.byPhase[phase].hybridL);
      return `| ${s.vessel} | ${s.metier} | ${phase} | ${twin.toFixed(0)} | ${hyb.toFixed(0)} | ${(twin - hyb).toFixed(0)} | ${twin > 0 ? pct((twin - hyb) / twin) : '—'} | ${pct((twin - hyb) / s.savedL.mean)} |`;
    })),
  ];
  console.log(rows.join('\n'));
}

/** La Frégate's mean true saving per métier when one assumption of the profile changes (printed, not recorded). */
function printSensitivity(seeds: readonly number[], start: number): void {
  const variants: [string, (p: VesselProfile) => void][] = [
    ['profile as shipped', () => {}],
    ['twin CPP part-load loss 0 (a propeller as good as the pump-jet at part load)', (p) => { p.conventional.propulsor.partLoadLoss = 0; }],
    ['twin CPP part-load loss 0.20 instead of 0.12', (p) => { p.conventional.propulsor.partLoadLoss = 0.2; }],
    ['twin hydraulic winch drive 0.80 instead of 0.65', (p) => { p.conventional.winchDriveEfficiency = 0.8; }],
    ['twin main engine 8 % above the C32-shape curve (an older engine)', (p) => scaleCurve(p.conventional.mainEngine.fuelCurve, 1.08)],
    ['hybrid sets 5 % below their curve (no alternator loss)', (p) => p.generators.forEach((g) => scaleCurve(g.fuelCurve, 0.95))],
    ['no harvesters', (p) => { p.harvesters = {}; }],
    ['no shore power in port', (p) => { p.shorePower.available = false; }],
  ];
  const base = resolveVesselProfile('la-fregate');
  const rows = variants.map(([name, change]) => {
    const p = structuredClone(base);
    change(p);
    return `| ${name} | ${p.metiers.map((m) => pct(surveyMetier(p, m.code, seeds, start).savedFraction.mean)).join(' | ')} |`;
  });
  console.log(['', `La Frégate, mean true saving over seeds ${seeds.join(', ')}:`, '', `| assumption | ${base.metiers.map((m) => m.code).join(' | ')} |`, `| --- |${base.metiers.map(() => ' --- |').join('')}`, ...rows].join('\n'));
}

function scaleCurve(curve: VesselProfile['conventional']['mainEngine']['fuelCurve'], factor: number): void {
  if (curve.kind === 'imo-eq10') curve.sfocBase *= factor;
  else {
    curve.points.forEach((pt) => { pt.sfoc *= factor; });
    curve.idleFuelRate *= factor;
  }
}
