/**
 * Cuts a byte stream (TCP) into lines, whatever the packet boundaries: a sentence split over two segments is
 * joined, and a line longer than `maxLength` (a talker that lost its framing, or a peer that is not NMEA) is
 * dropped up to its end, so it cannot grow the buffer without bound.
 */
export class LineFramer {
  private partial = '';
  private skipping = false;

  constructor(
    private readonly maxLength: number,
    private readonly onLine: (line: string) => void,
    private readonly onOverlong: (length: number) => void,
  ) {}

  push(chunk: Buffer): void {
    const lines = (this.partial + chunk.toString('latin1')).split('\n');
    this.partial = lines.pop()!;
    for (const raw of lines) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (this.skipping) {
        // The end of a line already reported as overlong.
        this.skipping = false;
        continue;
      }
      if (line.length > this.maxLength) this.onOverlong(line.length);
      else if (line.trim() !== '') this.onLine(line);
    }
    if (this.partial.length > this.maxLength) {
      if (!this.skipping) this.onOverlong(this.partial.length);
      this.skipping = true;
      this.partial = '';
    }
  }

  /** A new connection starts a new stream: the half line of the old one is not completed by the next. */
  reset(): void {
    this.partial = '';
    this.skipping = false;
  }
}
