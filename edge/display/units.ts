/**
 * The one place where the skipper's units come from the registry's SI units. Everything the display shows is
 * converted here and rounded to the precision a skipper reads; the browser only writes the decimal separator.
 */

const round = (x: number, decimals: number): number => {
  const f = 10 ** decimals;
  // `+ 0` turns -0 into 0: a display never shows "-0,0 kW".
  return Math.round(x * f) / f + 0;
};

export const skipperUnits = {
  /** W → kW, 1 decimal. */
  kW: (watts: number) => round(watts / 1000, 1),
  /** J → kWh, 1 decimal. */
  kWh: (joules: number) => round(joules / 3.6e6, 1),
  /** m³ → L, 1 decimal. */
  litres: (cubicMetres: number) => round(cubicMetres * 1000, 1),
  /** m³/s → L/h, 1 decimal. */
  litresPerHour: (cubicMetresPerSecond: number) => round(cubicMetresPerSecond * 3.6e6, 1),
  /** m/s → kn, 1 decimal. */
  knots: (metresPerSecond: number) => round((metresPerSecond * 3600) / 1852, 1),
  /** K → °C, 1 decimal. */
  celsius: (kelvin: number) => round(kelvin - 273.15, 1),
  /** ratio → %, whole percent: the large state-of-charge figure. */
  percent: (ratio: number) => round(ratio * 100, 0),
  /** ratio → %, 1 decimal: small shares such as fuel saved. */
  percentFine: (ratio: number) => round(ratio * 100, 1),
  /** s → whole minutes, shown as h:min. */
  minutes: (seconds: number) => Math.floor(seconds / 60),
} as const;
