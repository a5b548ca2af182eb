/** CRC-16/MODBUS (polynomial 0xA001 reflected, initial 0xFFFF), sent low byte first (Modbus over Serial Line v1.02, §2.5.1.2). */
export function crc16(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

/** An RTU frame: the unit id, the PDU and its CRC. */
export function rtuFrame(unitId: number, pdu: Buffer): Buffer {
  const frame = Buffer.alloc(pdu.length + 3);
  frame[0] = unitId;
  pdu.copy(frame, 1);
  frame.writeUInt16LE(crc16(frame.subarray(0, -2)), frame.length - 2);
  return frame;
}

/** A read request as the slave takes it off the line: unit, function code, first register and count. */
export interface RtuRequest {
  readonly unitId: number;
  readonly functionCode: number;
  readonly address: number;
  readonly quantity: number;
}

/** Requests of function codes 1–6 are 8 bytes long: unit, code, two 16-bit fields, CRC. */
const REQUEST_LENGTH = 8;

/**
 * Takes the requests out of the bytes a slave has received so far. A master only sends the next request after
 * the answer or its timeout, so a frame starts where the last one ended; bytes that do not end in a valid CRC are
 * line noise, dropped one at a time until a frame lines up again. Returns what is left for the next bytes.
 */
export function takeRequests(received: Buffer): { requests: RtuRequest[]; skipped: number; rest: Buffer } {
  const requests: RtuRequest[] = [];
  let skipped = 0;
  let at = 0;
  while (received.length - at >= REQUEST_LENGTH) {
    const frame = received.subarray(at, at + REQUEST_LENGTH);
    if (frame.readUInt16LE(REQUEST_LENGTH - 2) !== crc16(frame.subarray(0, -2))) {
      at++;
      skipped++;
      continue;
    }
    requests.push({ unitId: frame[0]!, functionCode: frame[1]!, address: frame.readUInt16BE(2), quantity: frame.readUInt16BE(4) });
    at += REQUEST_LENGTH;
  }
  return { requests, skipped, rest: received.subarray(at) };
}
