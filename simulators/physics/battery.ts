import { Curve } from '../../shared/profile/curves.ts';
import type { BatteryProfile } from '../../shared/profile/vessel-profile.ts';

/** State of a battery pack between steps. */
export interface BatteryState {
  /** Coulomb-counted state of charge, 0–1. */
  soc: number;
  /** Voltage across the RC (diffusion) branch, V, positive while charging. */
  v1: number;
  /** Pack temperature, K. */
  temperature: number;
}

/** What one step did: the terminal quantities a BMS reports, and the energy bookkeeping the truth record needs. */
export interface BatteryStep {
  state: BatteryState;
  /** Terminal voltage, V. */
  voltage: number;
  /** Current, A, positive when charging (Signal K's convention). */
  current: number;
  /** Terminal power actually taken (positive) or given (negative), W: may be less than asked at a limit. */
  power: number;
  /** Energy lost this step (ohmic in R0 and R1, coulombic on charge), J. */
  losses: number;
}

/** A pack built from identical cells: `cellsInSeries` × `stringsInParallel`. */
export class BatteryPack {
  /** Charge capacity, C. */
  readonly capacity: number;
  readonly nominalVoltage: number;
  private readonly ocvCurve: Curve;
  /** Stored-energy table E(soc) = Q Ns ∫ OCV ds, J, on a 0.1 % grid, for the truth record's energy figures. */
  private readonly energyTable: Float64Array;
  /**
   * The last open-circuit voltage worked out, and its state of charge: a step asks for it three times at the same
   * charge (charge and discharge limits, then the step itself).
   */
  private readonly ocvAt = { soc: NaN, voltage: 0 };
  /** The RC branch's decay over the last step, and its time constant and step: the same while the pack is warm. */
  private readonly decayOf = { dt: NaN, tau: NaN, decay: 0 };

  constructor(readonly profile: BatteryProfile) {
    this.capacity = profile.stringsInParallel * profile.cellCapacity * 3600;
    this.ocvCurve = new Curve(profile.ocv, 'soc', 'voltage');
    this.nominalVoltage = profile.cellsInSeries * this.ocvCurve.at(0.5);
    const n = 1000;
    this.energyTable = new Float64Array(n + 1);
    for (let i = 1; i <= n; i++) {
      const mid = (i - 0.5) / n;
      this.energyTable[i] = this.energyTable[i - 1]! + this.openCircuitVoltage(mid) * (this.capacity / n);
    }
  }

  /** Pack open-circuit voltage, V. LFP's is nearly flat, so a BMS counts coulombs rather than reading voltage. */
  openCircuitVoltage(soc: number): number {
    const last = this.ocvAt;
    if (soc !== last.soc) {
      last.soc = soc;
      last.voltage = this.profile.cellsInSeries * this.ocvCurve.at(soc);
    }
    return last.voltage;
  }

  /** Chemical energy stored between empty and `soc`, J. */
  storedEnergy(soc: number): number {
    const x = Math.max(0, Math.min(1, soc)) * 1000;
    const i = Math.min(999, Math.floor(x));
    return this.energyTable[i]! + (this.energyTable[i + 1]! - this.energyTable[i]!) * (x - i);
  }

  private decay(dt: number, tau: number): number {
    const last = this.decayOf;
    if (dt !== last.dt || tau !== last.tau) {
      last.dt = dt;
      last.tau = tau;
      last.decay = Math.exp(-dt / tau);
    }
    return last.decay;
  }

  /** Resistance factor at temperature T: +35 % from 20 °C to 5 °C (METHOD §6), none above the reference. */
  private resistanceFactor(temperature: number): number {
    return 1 + this.profile.resistanceRisePerKelvinBelow * Math.max(0, this.profile.referenceTemperature - temperature);
  }

  /** Largest charging power the pack accepts now, W (0 outside the charge temperature window or when full). */
  maxChargePower(state: BatteryState, socCeiling: number): number {
    const p = this.profile;
    if (state.temperature < p.chargeMinTemperature || state.temperature > p.chargeMaxTemperature) return 0;
    if (state.soc >= socCeiling) return 0;
    return p.maxChargeCRate * (this.capacity / 3600) * this.openCircuitVoltage(state.soc);
  }

  /** Largest discharging power available now, W, down to the reserve. */
  maxDischargePower(state: BatteryState, socFloor: number): number {
    if (state.soc <= socFloor) return 0;
    return this.profile.maxDischargeCRate * (this.capacity / 3600) * this.openCircuitVoltage(state.soc);
  }

  /**
   * Thevenin 1-RC step (METHOD §6): V = OCV + I·R0 + V1 with I > 0 charging; V1 relaxes exactly over the step;
   * state of charge by coulomb counting with the coulombic efficiency applied on charge; temperature from the
   * heat of the losses against the conductance to the compartment air.
   */
  step(state: BatteryState, power: number, dt: number, ambient: number): BatteryStep {
    const p = this.profile;
    const factor = this.resistanceFactor(state.temperature);
    const r0 = (p.r0 * p.cellsInSeries * factor) / p.stringsInParallel;
    const r1 = (p.r1 * p.cellsInSeries * factor) / p.stringsInParallel;
    const c1 = (p.c1 * p.stringsInParallel) / p.cellsInSeries;
    const ocv = this.openCircuitVoltage(state.soc);
    const e = ocv + state.v1;
    // P = (OCV + V1)·I + R0·I², solved for I; a demand beyond the pack's maximum power is held at that maximum.
    const disc = Math.max(0, e * e + 4 * r0 * power);
    const current = power === 0 ? 0 : (-e + Math.sqrt(disc)) / (2 * r0);
    const voltage = e + current * r0;
    const taken = voltage * current;
    const decay = this.decay(dt, r1 * c1);
    const v1 = state.v1 * decay + current * r1 * (1 - decay);
    const v1Mean = current === 0 ? (state.v1 + v1) / 2 : current * r1 + (state.v1 - current * r1) * (1 - decay) * (r1 * c1) / dt;
    const charge = current * dt * (current > 0 ? p.coulombicEfficiency : 1);
    const soc = Math.max(0, Math.min(1, state.soc + charge / this.capacity));
    const chemical = this.storedEnergy(soc) - this.storedEnergy(state.soc);
    // Whatever the terminals took and the chemistry did not store was heat (ohmic, RC branch, coulombic).
    const losses = taken * dt - chemical;
    const heat = current * current * r0 * dt + current * v1Mean * dt;
    const temperature = state.temperature + (heat - p.thermalConductance * (state.temperature - ambient) * dt) / p.heatCapacity;
    return { state: { soc, v1, temperature }, voltage, current, power: taken, losses };
  }
}
