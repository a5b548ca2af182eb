/**
 * The part of MessagePack (https://msgpack.org/) InfluxDB 1.x answers queries in: maps, arrays, strings, numbers,
 * booleans and nil. Its floats are the 8 bytes of a double, read as they are, where JSON costs both sides a
 * conversion from and to decimal: InfluxDB exports a season in MessagePack for about half its CPU in JSON.
 * Read here rather than with a MessagePack library (@msgpack/msgpack, msgpackr): those give a boxed number per value
 * and an array per row, and garbage collection was over a third of `--verify`'s time; here a row of numbers is a view
 * of one reused block, and an answer is read as its chunks arrive.
 */

/** The bytes end inside a value: more are to come. */
export class Incomplete extends Error {}

/**
 * Memory that arrays of numbers are read to, as views of one block. A reader of one answer after another may
 * `reuse` it once it is done with the numbers read: the block then serves again instead of new memory each time.
 */
export class NumberArena {
  private block = new Float64Array(0);
  private used = 0;

  take(length: number): Float64Array {
    if (this.used + length > this.block.length) {
      // The numbers already in the block stay where they are: a bigger one is taken for the rest.
      this.block = new Float64Array(Math.max(2 * this.block.length, 1 << 16, length));
      this.used = 0;
    }
    this.used += length;
    return this.block.subarray(this.used - length, this.used);
  }

  /** The arrays of numbers read so far are no longer used: their memory serves again. */
  reuse(): void {
    this.used = 0;
  }

  /** Gives back the last `length` numbers taken. */
  giveBack(length: number): void {
    this.used -= length;
  }
}

/** Reads the values that follow each other in `bytes`, from `at`; an array of numbers only as a Float64Array. */
export class MessagePackReader {
  private readonly view: DataView;
  constructor(private readonly bytes: Buffer, public at = 0, private readonly arena = new NumberArena()) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  }

  get done(): boolean {
    return this.at >= this.bytes.length;
  }

  /** The next value; the reader is left where it was if the bytes end inside it (Incomplete). */
  read(): unknown {
    const start = this.at;
    try {
      return this.value();
    } catch (err) {
      this.at = start;
      if (err instanceof RangeError) throw new Incomplete('MessagePack value cut short');
      throw err;
    }
  }

  private take(n: number): number {
    const at = this.at;
    if (at + n > this.bytes.length) throw new RangeError('past the end');
    this.at = at + n;
    return at;
  }

  private value(): unknown {
    const v = this.view;
    const type = v.getUint8(this.take(1));
    if (type <= 0x7f) return type;
    if (type >= 0xe0) return type - 0x100;
    if (type >= 0x80 && type <= 0x8f) return this.map(type & 0x0f);
    if (type >= 0x90 && type <= 0x9f) return this.array(type & 0x0f);
    if (type >= 0xa0 && type <= 0xbf) return this.string(type & 0x1f);
    switch (type) {
      case 0xc0: return null;
      case 0xc2: return false;
      case 0xc3: return true;
      case 0xca: return v.getFloat32(this.take(4));
      case 0xcb: return v.getFloat64(this.take(8));
      case 0xcc: return v.getUint8(this.take(1));
      case 0xcd: return v.getUint16(this.take(2));
      case 0xce: return v.getUint32(this.take(4));
      case 0xcf: { const at = this.take(8); return v.getUint32(at) * 0x1_0000_0000 + v.getUint32(at + 4); }
      case 0xd0: return v.getInt8(this.take(1));
      case 0xd1: return v.getInt16(this.take(2));
      case 0xd2: return v.getInt32(this.take(4));
      // Exact to 2^53, which epoch milliseconds stay far below.
      case 0xd3: { const at = this.take(8); return v.getInt32(at) * 0x1_0000_0000 + v.getUint32(at + 4); }
      case 0xd9: return this.string(v.getUint8(this.take(1)));
      case 0xda: return this.string(v.getUint16(this.take(2)));
      case 0xdb: return this.string(v.getUint32(this.take(4)));
      case 0xdc: return this.array(v.getUint16(this.take(2)));
      case 0xdd: return this.array(v.getUint32(this.take(4)));
      case 0xde: return this.map(v.getUint16(this.take(2)));
      case 0xdf: return this.map(v.getUint32(this.take(4)));
      default: throw new Error(`MessagePack type 0x${type.toString(16)} is not one InfluxDB answers in`);
    }
  }

  private string(length: number): string {
    const at = this.take(length);
    return this.bytes.toString('utf8', at, at + length);
  }

  /** An array of numbers only is a view of the arena (see `numbers`); any other, a JavaScript array. */
  private array(length: number): unknown[] | Float64Array {
    const start = this.at;
    const numbers = this.numbers(length);
    if (numbers) return numbers;
    this.at = start;
    const out: unknown[] = [];
    for (let i = 0; i < length; i++) out.push(this.value());
    return out;
  }

  /**
   * `length` numbers into the arena, undefined at the first value of another type. A row of InfluxDB's answer
   * is a time and numbers (unless an instant lacks a path's value): read so, no number is boxed and no memory
   * allocated for it but a view, where boxing each had the collector take as long as the rest of the reading.
   */
  private numbers(length: number): Float64Array | undefined {
    if (length === 0) return undefined;
    const out = this.arena.take(length);
    for (let i = 0; i < length; i++) {
      const type = this.bytes[this.at];
      if (type === 0xcb) out[i] = this.view.getFloat64(this.take(9) + 1);
      else if (type !== undefined && (type <= 0x7f || type >= 0xe0 || (type >= 0xca && type <= 0xd3))) out[i] = this.value() as number;
      else {
        this.arena.giveBack(length);
        return undefined;
      }
    }
    return out;
  }

  private map(size: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < size; i++) {
      const key = this.value();
      if (typeof key !== 'string') throw new Error('MessagePack map key is not a string');
      const value = this.value();
      // As JSON.parse does: a key named so is an own property, never the object's prototype.
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
}
