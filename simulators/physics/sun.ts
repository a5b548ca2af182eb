const DEG = Math.PI / 180;

/**
 * Cosine of the solar zenith angle at a place and instant: sin α = sin φ sin δ + cos φ cos δ cos h (METHOD §6),
 * with Cooper's declination and the equation of time (Spencer 1971), good to a fraction of a degree.
 */
export function cosSolarZenith(t: number, lat: number, lon: number): number {
  const day = solarDay(t);
  const utcHours = (t - day.midnight) / 3_600_000;
  const solarHours = utcHours + lon / 15 + day.equationOfTimeMin / 60;
  const h = (15 * (solarHours - 12)) * DEG;
  const phi = lat * DEG;
  return Math.sin(phi) * day.sinDeclination + Math.cos(phi) * day.cosDeclination * Math.cos(h);
}

interface SolarDay { readonly midnight: number; readonly equationOfTimeMin: number; readonly sinDeclination: number; readonly cosDeclination: number }

/** The last UTC day asked for: a simulation asks for the same day 86,400 times in a row, and its terms never change. */
let lastDay: SolarDay | undefined;

function solarDay(t: number): SolarDay {
  if (lastDay && t >= lastDay.midnight && t < lastDay.midnight + 86_400_000) return lastDay;
  const date = new Date(t);
  const dayStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const dayOfYear = Math.floor((t - dayStart) / 86_400_000) + 1;
  const gamma = (2 * Math.PI * (dayOfYear - 1)) / 365;
  const declination = 23.45 * DEG * Math.sin((2 * Math.PI * (284 + dayOfYear)) / 365);
  const equationOfTimeMin = 229.18 * (0.000075 + 0.001868 * Math.cos(gamma) - 0.032077 * Math.sin(gamma)
    - 0.014615 * Math.cos(2 * gamma) - 0.040849 * Math.sin(2 * gamma));
  const midnight = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  lastDay = { midnight, equationOfTimeMin, sinDeclination: Math.sin(declination), cosDeclination: Math.cos(declination) };
  return lastDay;
}

/** Clear-sky global horizontal irradiance (Haurwitz): 1098 cos z · exp(−0.059 / cos z) W/m², 0 with the sun down. */
export function clearSkyGhi(cosZenith: number): number {
  return cosZenith <= 0 ? 0 : 1098 * cosZenith * Math.exp(-0.059 / cosZenith);
}

/** Kasten–Czeplak cloud attenuation for a cloud cover fraction c (= N/8 oktas): 1 − 0.75 c^3.4. */
export function cloudFactor(cloudCover: number): number {
  return 1 - 0.75 * Math.max(0, Math.min(1, cloudCover)) ** 3.4;
}

/** Global horizontal irradiance under cloud, W/m². */
export function irradiance(t: number, lat: number, lon: number, cloudCover: number): number {
  const clear = clearSkyGhi(cosSolarZenith(t, lat, lon));
  // Nothing for cloud to dim with the sun down: the factor is finite and positive, so the product would be 0 anyway.
  return clear === 0 ? 0 : clear * cloudFactor(cloudCover);
}
