// Stands in for @signalk/signalk-schema in the edge bundle. The NMEA parser's AIS hook is its only user on board,
// and the edge refuses AIS sentences before the parser (edge/sources/nmea0183/nmea-sentences.ts): the schema's
// 9 MB of JSON would be loaded for nothing. Reaching this is a bug, so it says so instead of naming ships wrongly.
const notOnBoard = (name) => () => {
  throw new Error(`@signalk/signalk-schema.${name} is not in the edge bundle: AIS is not read on board`);
};
export const getAISShipTypeName = notOnBoard('getAISShipTypeName');
export const getAtonTypeName = notOnBoard('getAtonTypeName');
