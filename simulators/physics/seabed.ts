/** Depth of water at the quay, m: a fishing harbour's basin at mean tide. */
const QUAY_DEPTH = 4;
/** Depth the shelf levels off at, m: the eastern Channel and southern North Sea grounds lie at 30–70 m. */
const SHELF_DEPTH = 55;
/** Distance over which the sea floor falls from the quay's depth towards the shelf's, m. */
const SHELF_SCALE = 15_000;
const EARTH_RADIUS = 6_371_000;

/**
 * Depth of the sea below its surface at a position, m: the floor falling from the quay towards the shelf with
 * distance from the home port, rippled by banks and sand waves a few metres high that a skipper crossing them sees
 * on the sounder. Tide and swell are left out: the instruments read depth, nothing reads it back into the physics.
 */
export function seabedDepth(lat: number, lon: number, port: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const north = (lat - port.lat) * rad * EARTH_RADIUS;
  const east = (lon - port.lon) * rad * EARTH_RADIUS * Math.cos(port.lat * rad);
  const distance = Math.hypot(north, east);
  const shelf = QUAY_DEPTH + (SHELF_DEPTH - QUAY_DEPTH) * (1 - Math.exp(-distance / SHELF_SCALE));
  const banks = 6 * Math.sin(north / 4_000) * Math.cos(east / 5_500) * Math.min(1, distance / 3_000);
  return Math.max(QUAY_DEPTH, shelf + banks);
}
