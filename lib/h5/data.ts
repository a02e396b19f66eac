/**
 * Turning what a user passes (TypedArrays, nested arrays, `{ data, shape }`, scalars) into what the addon
 * writes, and back.
 */
import { types as utilTypes } from 'util';
import type { TypeDesc } from '../binding';
import { isBoolEnum, isTypedArray, kindOf, typedArrayFor, TypedArray } from './dtype';

/** An n-dimensional array: flat data in C order and its shape (what reads return). */
export interface NdArray<T = TypedArray | unknown[]> {
  data: T;
  shape: number[];
}

export function isNdArray(x: unknown): x is NdArray {
  return (
    typeof x === 'object' && x !== null && !Array.isArray(x) && !isTypedArray(x) &&
    'data' in x && 'shape' in x && Array.isArray((x as NdArray).shape)
  );
}

export function product(a: readonly number[]): number {
  let p = 1;
  for (const x of a) p *= x;
  return p;
}

/** Shape of nested JS arrays (all rows must agree); strings and objects are leaves. */
export function nestedShape(x: unknown): number[] {
  const shape: number[] = [];
  let cur: unknown = x;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0];
  }
  if (isTypedArray(cur)) shape.push(cur.length);
  return shape;
}

function flattenInto(x: unknown, shape: number[], depth: number, out: unknown[]): void {
  if (depth === shape.length) {
    out.push(x);
    return;
  }
  const n = shape[depth];
  const arr = x as ArrayLike<unknown>;
  if (!(Array.isArray(x) || isTypedArray(x)) || arr.length !== n)
    throw new RangeError(`ragged nested array: expected ${n} elements at depth ${depth}`);
  for (let i = 0; i < n; i++) flattenInto(arr[i], shape, depth + 1, out);
}

/**
 * For types whose every value is itself an array (vlen sequences and array types: a JS array or TypedArray of
 * plain values) or a byte string (opaque: a Buffer or other TypedArray), the test for one value; null otherwise.
 */
function valueTest(desc: TypeDesc | undefined): ((x: unknown) => boolean) | null {
  if (!desc) return null;
  if (desc.class === 'opaque') return (x) => isTypedArray(x);
  const flat = (x: unknown) => isTypedArray(x) || (Array.isArray(x) && !x.some((e) => Array.isArray(e) || isTypedArray(e)));
  if (desc.class === 'vlen') return flat;
  if (desc.class === 'array') {
    // An array-type value has a known size: flat with all its elements, or nested by its dims.
    const size = desc.dims.reduce((a, b) => a * b, 1);
    const whole = (x: unknown) => flat(x) && (x as ArrayLike<unknown>).length === size;
    return desc.dims.length > 1 ? (x) => whole(x) || nestedAs(x, desc.dims, 0, flat) : whole;
  }
  return null;
}

/** True when x is nested arrays of exactly dims[k..] (a multi-dimensional array-type value as reads give it). */
function nestedAs(x: unknown, dims: number[], k: number, flat: (x: unknown) => boolean): boolean {
  if (!Array.isArray(x) && !(k === dims.length - 1 && isTypedArray(x))) return false;
  const a = x as ArrayLike<unknown>;
  if (a.length !== dims[k]) return false;
  if (k === dims.length - 1) return flat(x);
  return Array.prototype.every.call(a, (e: unknown) => nestedAs(e, dims, k + 1, flat));
}

/** Lays out nested arrays whose leaves are whole values (see valueTest): [] shape grows as it goes. */
function flattenValues(x: unknown[], isValue: (x: unknown) => boolean, depth: number, shape: number[], out: unknown[]): void {
  if (shape.length === depth) shape.push(x.length);
  else if (shape[depth] !== x.length) throw new RangeError(`ragged nested array: expected ${shape[depth]} elements at depth ${depth}`);
  const leaves = x.every(isValue);
  if (leaves) {
    if (depth !== shape.length - 1 && x.length > 0)
      throw new RangeError(`ragged nested array: values at depth ${depth}, expected arrays of depth ${shape.length - 1}`);
    for (const v of x) out.push(v);
    return;
  }
  for (const e of x) {
    if (!Array.isArray(e)) throw new TypeError(`expected a value or an array of values at depth ${depth + 1}, got ${typeof e}`);
    flattenValues(e, isValue, depth + 1, shape, out);
  }
}

/**
 * Flat values and shape of whatever the user passed. Scalars have shape []. With the datatype, values that are
 * arrays themselves (vlen, array and opaque types) are kept whole: `[[1, 2], [3]]` is two sequences, as reads
 * return them.
 */
export function normalize(data: unknown, desc?: TypeDesc): { values: TypedArray | unknown[]; shape: number[] } {
  const isValue = isNdArray(data) ? null : valueTest(desc);
  if (isValue) {
    if (Array.isArray(data) && data.every(isValue)) return { values: data.slice(), shape: [data.length] };
    if (isValue(data)) return { values: [data], shape: [] };
    if (Array.isArray(data)) {
      const shape: number[] = [];
      const out: unknown[] = [];
      flattenValues(data, isValue, 0, shape, out);
      return { values: out, shape };
    }
  }
  if (isTypedArray(data)) return { values: data, shape: [data.length] };
  if (isNdArray(data)) {
    const shape = data.shape;
    const n = product(shape);
    const values = data.data as TypedArray | unknown[];
    if (!isTypedArray(values) && !Array.isArray(values)) throw new TypeError('ndarray data must be a TypedArray or an array');
    if (values.length !== n) throw new RangeError(`ndarray data has ${values.length} elements, its shape [${shape}] needs ${n}`);
    return { values, shape: shape.slice() };
  }
  if (Array.isArray(data)) {
    const shape = nestedShape(data);
    if (shape.length === 1) return { values: data, shape };
    const out: unknown[] = [];
    flattenInto(data, shape, 0, out);
    // Rows given as TypedArrays flatten to plain numbers.
    return { values: out, shape };
  }
  return { values: [data], shape: [] };
}

function toBigInt(v: unknown, signed: boolean): bigint {
  if (typeof v === 'bigint') {
    if ((signed ? BigInt.asIntN(64, v) : BigInt.asUintN(64, v)) !== v)
      throw new RangeError(`${v} does not fit a${signed ? '' : 'n unsigned'} 64-bit integer`);
    return v;
  }
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new RangeError(`${v} cannot be stored exactly as a 64-bit integer; pass a BigInt`);
    if (!signed && v < 0) throw new RangeError(`${v} does not fit an unsigned integer`);
    return BigInt(v);
  }
  if (typeof v === 'boolean') return v ? 1n : 0n;
  throw new TypeError(`expected a number or BigInt, got ${typeof v}`);
}

const INT_RANGE = new Map<unknown, [number, number]>([
  [Int8Array, [-128, 127]], [Uint8Array, [0, 255]], [Int16Array, [-32768, 32767]], [Uint16Array, [0, 65535]],
  [Int32Array, [-2147483648, 2147483647]], [Uint32Array, [0, 4294967295]],
]);

type NumberArray = Exclude<TypedArray, BigInt64Array | BigUint64Array>;

/**
 * A TypedArray of another numeric type than the dataset's is converted by HDF5, which clamps what does not fit
 * (70000 into int16 is stored as 32767, 1e300 into float32 as Infinity) and truncates fractions. Such values are
 * refused here, as for plain arrays; precision lost in rounding to a float type is not (as any float write).
 */
function checkConversion(values: NumberArray, desc: TypeDesc & { class: 'integer' | 'float' }, what: string, source: string): void {
  const srcRange = INT_RANGE.get(INT_KIND.find((C) => values instanceof C));
  let lo: number, hi: number;
  const integral = desc.class === 'integer';
  if (integral) {
    const bits = desc.size * 8;
    // (bounds as doubles: 2^63 and 2^64 are exact, and the largest 64-bit integers round to them, so the test
    // below is x < hi for 64 bits)
    lo = desc.signed ? -(2 ** (bits - 1)) : 0;
    hi = desc.signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
    if (srcRange && srcRange[0] >= lo && srcRange[1] <= hi) return; // every value of the source kind fits
  } else {
    if (desc.size === 8) return;
    hi = FLOAT_MAX[desc.size];
    lo = -hi;
    if (srcRange && srcRange[0] >= lo && srcRange[1] <= hi) return;
  }
  const wide = integral && desc.size === 8;
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    const ok = integral ? Number.isInteger(x) && x >= lo && (wide ? x < hi : x <= hi) : !Number.isFinite(x) || (x <= hi && x >= lo);
    if (!ok) {
      const why = !integral ? 'out of its range (HDF5 would store infinity)'
        : Number.isFinite(x) && !(x >= lo && (wide ? x < hi : x <= hi)) ? 'out of its range (HDF5 would clamp it)'
        : Number.isFinite(x) ? 'not an integer (HDF5 would drop the fraction)' : 'not a number an integer type holds';
      throw new RangeError(`${what}: ${x} (element ${i} ${source}) does not fit ${kindOf(desc)}: ${why}`);
    }
  }
}

/** The values of a 64-bit integer array of the other signedness than `desc` must fit it. */
function checkBigConversion(values: BigInt64Array | BigUint64Array, desc: TypeDesc, what: string): void {
  const toSigned = values instanceof BigUint64Array;
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (toSigned ? x > 0x7fffffffffffffffn : x < 0n)
      throw new RangeError(`${what}: ${x} (element ${i} of the ${values.constructor.name}) does not fit ${kindOf(desc)}: out of its range (HDF5 would clamp it)`);
  }
}

const INT_KIND = [Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array];

/** A new TypedArray of n elements; a RangeError naming the object when memory for it cannot be had. */
export function allocate<T>(Ctor: new (n: number) => T, n: number, what: string): T {
  try {
    return new Ctor(n);
  } catch (e) {
    throw new RangeError(`${what}: no memory for ${n} values (${(e as Error).message})`);
  }
}

/**
 * Converts flat values to what the addon writes for type `desc`: a TypedArray for numeric types (HDF5 converts
 * between numeric types, so a TypedArray is passed as it is), JS values otherwise.
 */
export function toNative(values: TypedArray | unknown[], desc: TypeDesc, what: string): TypedArray | unknown[] {
  // (the addon reads JS arrays directly: a Proxy of an array is not one to it)
  if (!isTypedArray(values) && utilTypes.isProxy(values)) values = Array.from(values);
  const Ctor = typedArrayFor(desc);
  if (isTypedArray(values)) {
    if (!Ctor) {
      if (desc.class === 'string') throw new TypeError(`${what}: the type holds strings; got a ${values.constructor.name}`);
      return Array.from(values as ArrayLike<unknown>);
    }
    if (isBoolEnum(desc)) {
      // Bool is stored as 0 or 1 only (other bytes are not members of the enum): any truthy element is 1, as
      // numpy's cast to bool. Bytes that are already 0/1 pass as they are.
      const bytes = values instanceof Uint8Array || values instanceof Int8Array;
      if (!bytes || (values as Uint8Array | Int8Array).some((x) => x !== 0 && x !== 1))
        return Uint8Array.from(values as ArrayLike<number | bigint>, (x) => (x === 0 || x === 0n ? 0 : 1));
      return values;
    }
    const big = values instanceof BigInt64Array || values instanceof BigUint64Array;
    const wantBig = Ctor === BigInt64Array || Ctor === BigUint64Array;
    if (big && !wantBig) throw new TypeError(`${what}: a ${values.constructor.name} cannot be converted to ${kindOf(desc)}; give numbers or a ${Ctor.name}`);
    // (BigUint64Array to int64 or BigInt64Array to uint64: HDF5 would clamp what the other type cannot hold)
    if (big && !(values instanceof Ctor)) checkBigConversion(values as BigInt64Array | BigUint64Array, desc, what);
    // (float16 travels as Float32Array: HDF5 narrows it on the way to the file)
    if (!big && (desc.class === 'integer' || desc.class === 'float') && (!(values instanceof Ctor) || (desc.class === 'float' && desc.size === 2)))
      checkConversion(values as NumberArray, desc, what, `of the ${values.constructor.name}`);
    return values;
  }
  if (!Ctor) {
    if (desc.class === 'string') {
      for (const v of values) if (typeof v !== 'string') throw new TypeError(`${what}: the type holds strings; got ${v === null ? 'null' : typeof v}`);
      if (desc.cset === 'ascii')
        for (const v of values)
          // (\udc80-\udcff: bytes read from a string that was not valid UTF-8, written back as they were)
          if (/[^\x00-\x7f\udc80-\udcff]/.test(v as string)) throw new RangeError(`${what}: the type holds ASCII strings; '${v}' is not ASCII`);
    }
    return values;
  }
  const n = values.length;
  if (Ctor === BigInt64Array || Ctor === BigUint64Array) {
    const signed = Ctor === BigInt64Array;
    // Plain JS integers (row ids, offsets) travel as doubles, which HDF5 converts to the 64-bit file type exactly:
    // every safe integer is a double. No BigInt is made per value; any other value takes the BigInt path below.
    if (desc.class === 'integer') {
      // (one built-in pass and a built-in copy for the common case of signed ids: fast before the JIT warms up)
      if (signed && Array.isArray(values) && values.every(Number.isSafeInteger)) return new Float64Array(values as number[]);
      const f = allocate(Float64Array, n, what);
      let i = 0;
      for (; i < n; i++) {
        const v = values[i];
        if (typeof v !== 'number' || !Number.isSafeInteger(v) || (!signed && v < 0)) break;
        f[i] = v;
      }
      if (i === n) return f;
    }
    const out = allocate(Ctor, n, what) as BigInt64Array | BigUint64Array;
    try {
      for (let i = 0; i < n; i++) out[i] = toBigInt(values[i], signed);
    } catch (e) {
      // (named for the object the values are for; the value's own message after it)
      if (e instanceof Error) e.message = `${what}: ${e.message}`;
      throw e;
    }
    return out;
  }
  const out = allocate(Ctor, n, what) as Exclude<TypedArray, BigInt64Array | BigUint64Array>;
  // Integers must fit exactly (no silent wrap-around or truncation); bool takes any truthiness, as h5py.
  const bool = isBoolEnum(desc);
  const range = INT_RANGE.get(Ctor);
  // Floats: a finite number beyond the type's largest would be stored as infinity (float16 travels as float32).
  const fmax = desc.class === 'float' ? FLOAT_MAX[desc.size] ?? 0 : 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let x: number;
    if (typeof v === 'number') x = v;
    else if (typeof v === 'boolean') x = v ? 1 : 0;
    else if (typeof v === 'bigint') x = Number(v);
    else throw new TypeError(`${what} holds numbers; got ${v === null ? 'null' : typeof v}`);
    // (NaN too is nonzero: true, as numpy's cast)
    if (bool) x = x === 0 ? 0 : 1;
    else if (range && !(Number.isInteger(x) && x >= range[0] && x <= range[1]))
      throw new RangeError(`${what}: ${String(v)} does not fit ${Ctor.name.replace('Array', '')} exactly`);
    else if (fmax && (x > fmax || x < -fmax) && Number.isFinite(x))
      throw new RangeError(`${what}: ${String(v)} (element ${i} of the values) does not fit ${kindOf(desc)}: out of its range (HDF5 would store infinity)`);
    out[i] = x;
  }
  return out;
}

/** The largest finite value of the float types that are narrower than a JS number, by size. */
const FLOAT_MAX: Record<number, number> = { 2: 65504, 4: 3.4028234663852886e38 };
