/**
 * Variable-length integers for the compact telemetry encoding: LEB128 for non-negative safe integers, zigzag
 * for signed ones (small magnitudes of either sign take one byte). Arithmetic, not bit operators, because
 * timestamps and quantised coordinates exceed 32 bits.
 */
export class ByteWriter {
  private buf = Buffer.alloc(1024);
  private length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const bigger = Buffer.alloc(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(bigger, 0, 0, this.length);
    this.buf = bigger;
  }

  uint(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a non-negative safe integer: ${n}`);
    this.room(8);
    while (n >= 0x80) {
      this.buf[this.length++] = (n % 0x80) + 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buf[this.length++] = n;
  }

  int(n: number): void {
    this.uint(zigzag(n));
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** A length-prefixed UTF-8 string. */
  text(s: string): void {
    const b = Buffer.from(s, 'utf8');
    this.uint(b.length);
    this.bytes(b);
  }

  done(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

export class ByteReader {
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {}

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  uint(): number {
    let n = 0;
    let scale = 1;
    for (;;) {
      if (this.pos >= this.buf.length) throw new RangeError('truncated integer');
      const b = this.buf[this.pos++]!;
      n += (b & 0x7f) * scale;
      if (b < 0x80) break;
      scale *= 0x80;
      if (scale > 2 ** 53) throw new RangeError('integer too long');
    }
    if (!Number.isSafeInteger(n)) throw new RangeError('integer too large');
    return n;
  }

  int(): number {
    return unzigzag(this.uint());
  }

  bytes(n: number): Uint8Array {
    if (n > this.remaining) throw new RangeError('truncated bytes');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  text(maxBytes: number): string {
    const n = this.uint();
    if (n > maxBytes) throw new RangeError(`string of ${n} bytes > ${maxBytes}`);
    return Buffer.from(this.bytes(n)).toString('utf8');
  }
}

export const zigzag = (n: number): number => (n >= 0 ? n * 2 : -n * 2 - 1);
export const unzigzag = (z: number): number => (z % 2 === 0 ? z / 2 : -(z + 1) / 2);
