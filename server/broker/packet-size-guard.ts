import type { Client } from 'aedes';

interface PacketParser {
  parse(buf: Buffer): number;
  /** The packet being read: its remaining length is known (≥ 0) once its fixed header has arrived. */
  packet: { length: number };
}

/**
 * aedes has no packet-size limit and would buffer a packet of any declared length (up to MQTT's 256 MB)
 * before any hook sees it. This watches the client's mqtt-packet parser: as soon as a fixed header declares
 * more than `maxBytes`, `onOversize` runs (it closes the connection) before the body is read. It reaches into
 * aedes' `_parser`, stable across aedes 0.x–1.x; the broker's test sends a 10 MB packet to catch any change.
 */
export function watchPacketSize(client: Client, maxBytes: number, onOversize: (declared: number) => void): void {
  const parser = (client as unknown as { _parser: PacketParser })._parser;
  const parse = parser.parse.bind(parser);
  let tripped = false;
  parser.parse = (buf: Buffer) => {
    if (tripped) return 0;
    const left = parse(buf);
    if (parser.packet.length > maxBytes) {
      tripped = true;
      onOversize(parser.packet.length);
    }
    return left;
  };
}
