// view-model.ts and trip-totals.ts still import the operating state from here; once they import
// shared/display/operating-state.ts, this file goes.
export { fishingPhase, operatingMode, type FishingPhase, type OperatingMode } from '../../shared/display/operating-state.ts';
