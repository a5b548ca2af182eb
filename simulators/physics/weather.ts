import type { Random } from '../random.ts';

/** The weather one vessel meets, in SI. */
export interface Weather {
  /** True wind speed, m/s, and direction it blows from, rad. */
  windSpeed: number;
  windDirection: number;
  /** Cloud cover, 0–1 (oktas / 8). */
  cloudCover: number;
  /** Significant wave height, m. */
  waveHeight: number;
  airTemperature: number;
  waterTemperature: number;
  /** Tidal stream, m/s east and north. */
  currentEast: number;
  currentNorth: number;
}

const DAY = 86_400_000;
const M2_PERIOD = 12.4206 * 3_600_000;

/** Days into the seasonal year at `t`, the phase every seasonal cycle is taken at. */
const yearDay = (t: number) => (t / DAY) % 365.25;

/** Seasonal cycle peaking on `peakDay`: 1 there, −1 half a year later; `day` from `yearDay`. */
const seasonal = (day: number, peakDay: number) => Math.cos((2 * Math.PI * (day - peakDay)) / 365.25);

/** The flood's direction, about 60° true, as east and north parts of the stream. */
const FLOOD_EAST = Math.sin(Math.PI / 3);
const FLOOD_NORTH = Math.cos(Math.PI / 3);

/**
 * Seeded stochastic weather for the eastern Channel and southern North Sea: wind speed, direction and cloud as
 * Ornstein–Uhlenbeck processes around seasonal means, sea state relaxing towards the wind's (Hs ≈ 0.2 + 0.022 U²,
 * fetch-limited), air and water temperatures with their seasonal and daily swings, and an M2 tidal stream along
 * the Channel's axis. One step per second; deterministic for a given generator.
 */
export class WeatherProcess {
  private wind: number;
  private direction: number;
  private cloud: number;
  private waves: number;
  private readonly tidePhase: number;

  constructor(private readonly rng: Random, t: number) {
    this.wind = Math.max(0.5, this.meanWind(yearDay(t)) + rng.normal(0, 2.5));
    this.direction = (4.2 + rng.normal(0, 1.0) + 2 * Math.PI) % (2 * Math.PI);
    this.cloud = Math.min(1, Math.max(0, 0.6 + rng.normal(0, 0.3)));
    this.waves = this.equilibriumWaves(this.wind);
    this.tidePhase = rng.uniform(0, 2 * Math.PI);
  }

  /** Winter gales, summer breezes: mean wind about 9 m/s in January, 5.5 m/s in July (Boulogne climatology). */
  private meanWind(day: number): number {
    return 7.25 + 1.75 * seasonal(day, 15);
  }

  private equilibriumWaves(wind: number): number {
    return 0.2 + 0.022 * wind * wind;
  }

  /** Advances `dt` seconds and returns the weather then. */
  step(t: number, dt: number): Weather {
    const r = this.rng;
    const day = yearDay(t);
    const sqrtDt = Math.sqrt(dt);
    // OU: dx = θ(μ − x)dt + σ√dt·N; time constants of hours, as weather systems pass.
    this.wind += (this.meanWind(day) - this.wind) * (dt / 21_600) + 0.02 * sqrtDt * r.normal();
    this.wind = Math.max(0, this.wind);
    this.direction = (this.direction + 0.0015 * sqrtDt * r.normal() + 2 * Math.PI) % (2 * Math.PI);
    this.cloud += (0.6 - this.cloud) * (dt / 28_800) + 0.004 * sqrtDt * r.normal();
    this.cloud = Math.min(1, Math.max(0, this.cloud));
    this.waves += (this.equilibriumWaves(this.wind) - this.waves) * (dt / 10_800);
    const hourOfDay = ((t % DAY) / 3_600_000);
    const air = 284.65 + 6 * seasonal(day, 210) + 2.5 * Math.cos((2 * Math.PI * (hourOfDay - 15)) / 24);
    const water = 286.15 + 5 * seasonal(day, 230);
    const tide = 0.8 * Math.sin((2 * Math.PI * t) / M2_PERIOD + this.tidePhase);
    // The Channel's flood runs towards the north-east, the ebb back.
    return {
      windSpeed: this.wind, windDirection: this.direction, cloudCover: this.cloud, waveHeight: this.waves,
      airTemperature: air, waterTemperature: water,
      currentEast: tide * FLOOD_EAST, currentNorth: tide * FLOOD_NORTH,
    };
  }
}
