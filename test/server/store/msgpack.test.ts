import { describe, expect, it } from 'vitest';
import { Incomplete, MessagePackReader, NumberArena } from '../../../server/store/msgpack.ts';

const bytes = (...parts: (number | number[] | Buffer)[]) => Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(typeof p === 'number' ? [p] : p))));
const float64 = (x: number) => { const b = Buffer.alloc(9); b[0] = 0xcb; b.writeDoubleBE(x, 1); return b; };
const str = (s: string) => bytes(0xa0 | Buffer.byteLength(s), Buffer.from(s));

describe('reading the MessagePack InfluxDB answers in', () => {
  it('reads maps, strings, nil, booleans and integers of every width', () => {
    const int64 = Buffer.alloc(9);
    int64[0] = 0xd3;
    int64.writeBigInt64BE(1_746_057_600_000n, 1);
    const encoded = bytes(0x83, str('name'), str('telemetry'), str('flags'), [0x94, 0xc0, 0xc2, 0xc3], str('é'),
      str('ints'), [0x97, 0x05, 0xff, 0xcc, 0xc8, 0xd1, 0xfe, 0x0c, 0xce, 0xff, 0xff, 0xff, 0xff, 0xd0, 0x80], int64);
    expect(new MessagePackReader(encoded).read()).toEqual({
      name: 'telemetry', flags: [null, false, true, 'é'], ints: Float64Array.of(5, -1, 200, -500, 4_294_967_295, -128, 1_746_057_600_000),
    });
  });

  it('reads an array of numbers only as a Float64Array of exactly the doubles sent, any other array as an array', () => {
    const reader = new MessagePackReader(bytes(0x92, 0x93, float64(0.1 + 0.2), float64(-1 / 3), 0x07, 0x92, float64(2.5), 0xc0));
    const [numbers, mixed] = reader.read() as [Float64Array, unknown[]];
    expect(numbers).toBeInstanceOf(Float64Array);
    expect([...numbers]).toEqual([0.1 + 0.2, -1 / 3, 7]);
    expect(mixed).toEqual([2.5, null]);
  });

  it('reads the values that follow each other, and stops short of one cut off, where it began, until its bytes come', () => {
    const whole = bytes(str('one'), 0x92, float64(1.5), float64(2.5));
    const reader = new MessagePackReader(whole.subarray(0, whole.length - 3));
    expect(reader.read()).toBe('one');
    const at = reader.at;
    expect(() => reader.read()).toThrow(Incomplete);
    expect(reader.at).toBe(at);
    const resumed = new MessagePackReader(whole, at);
    expect([...(resumed.read() as Float64Array)]).toEqual([1.5, 2.5]);
    expect(resumed.done).toBe(true);
  });

  it('keeps a key named __proto__ as the map\'s own entry, as JSON.parse does', () => {
    const map = new MessagePackReader(bytes(0x81, str('__proto__'), str('x'))).read() as object;
    expect(Object.getPrototypeOf(map)).toBe(Object.prototype);
    expect(Object.keys(map)).toEqual(['__proto__']);
  });

  it('refuses a type InfluxDB does not answer in', () => {
    expect(() => new MessagePackReader(bytes(0xc4, 0x01, 0x00)).read()).toThrow(/0xc4/);
  });

  it('reads the next answer\'s numbers to the memory of the last once it is reused', () => {
    const arena = new NumberArena();
    const answer = bytes(0x92, float64(1), float64(2));
    const first = new MessagePackReader(answer, 0, arena).read() as Float64Array;
    arena.reuse();
    const second = new MessagePackReader(bytes(0x92, float64(3), float64(4)), 0, arena).read() as Float64Array;
    expect(second.buffer).toBe(first.buffer);
    expect([...first]).toEqual([3, 4]);
  });
});
