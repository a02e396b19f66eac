/**
 * Datatypes: the names a user writes ('int16', 'float64', 'string', ...), the descriptors the addon takes, the
 * TypedArray that holds each numeric type, and h5py's conventions (bool as an int8 enum FALSE/TRUE, strings as
 * variable-length UTF-8).
 */
import type { Datatype } from './datatype';
import type { TypeDesc } from '../binding';

export type NumericDTypeName =
  | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64'
  | 'float16' | 'float32' | 'float64';

/** Names of the datatypes h5nwb creates and reports. */
export type DTypeName = NumericDTypeName | 'bool' | 'string' | 'ref';

/** What `dataset.dtype` reports for types without a simple name. */
export type DTypeKind = DTypeName | 'float128' | 'enum' | 'compound' | 'array' | 'vlen' | 'opaque' | 'bitfield' | 'region-ref' | 'unsupported';

/** A datatype given to createDataset/attrs.set: a name, or a full descriptor for anything else. */
export type DTypeLike = DTypeName | TypeDesc | Datatype;

export type TypedArray =
  | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array
  | Float32Array | Float64Array | BigInt64Array | BigUint64Array;

type TypedArrayCtor = { new (n: number): TypedArray; BYTES_PER_ELEMENT: number; name: string };

const NUMERIC: Record<NumericDTypeName, { desc: TypeDesc; ctor: TypedArrayCtor }> = {
  int8: { desc: { class: 'integer', size: 1, signed: true, order: 'le' }, ctor: Int8Array },
  uint8: { desc: { class: 'integer', size: 1, signed: false, order: 'le' }, ctor: Uint8Array },
  int16: { desc: { class: 'integer', size: 2, signed: true, order: 'le' }, ctor: Int16Array },
  uint16: { desc: { class: 'integer', size: 2, signed: false, order: 'le' }, ctor: Uint16Array },
  int32: { desc: { class: 'integer', size: 4, signed: true, order: 'le' }, ctor: Int32Array },
  uint32: { desc: { class: 'integer', size: 4, signed: false, order: 'le' }, ctor: Uint32Array },
  int64: { desc: { class: 'integer', size: 8, signed: true, order: 'le' }, ctor: BigInt64Array },
  uint64: { desc: { class: 'integer', size: 8, signed: false, order: 'le' }, ctor: BigUint64Array },
  float16: { desc: { class: 'float', size: 2, order: 'le' }, ctor: Float32Array },
  float32: { desc: { class: 'float', size: 4, order: 'le' }, ctor: Float32Array },
  float64: { desc: { class: 'float', size: 8, order: 'le' }, ctor: Float64Array },
};

/** h5py's bool: an int8 enum with FALSE = 0 and TRUE = 1. */
export const BOOL_DESC: TypeDesc = {
  class: 'enum',
  base: { class: 'integer', size: 1, signed: true, order: 'le' },
  members: [['FALSE', 0], ['TRUE', 1]],
};

export const REF_DESC: TypeDesc = { class: 'reference', kind: 'object' };

export function isNumericName(n: string): n is NumericDTypeName {
  return Object.prototype.hasOwnProperty.call(NUMERIC, n);
}

export interface StringOptions {
  /** Fixed length in bytes; variable length when absent. */
  length?: number;
  /** 'utf8' (default, as h5py's string_dtype()) or 'ascii'. */
  encoding?: 'utf8' | 'ascii';
}

/** The descriptor for a dtype given by name or descriptor. */
export function toDesc(d: DTypeLike, str: StringOptions = {}): TypeDesc {
  if (typeof d === 'object' && d !== null && typeof (d as Datatype)._committedDesc === 'function') return (d as Datatype)._committedDesc();
  if (typeof d === 'object' && d !== null) {
    if (typeof (d as TypeDesc).class !== 'string') throw new TypeError('a dtype descriptor needs a class');
    return d as TypeDesc;
  }
  if (isNumericName(d)) return NUMERIC[d].desc;
  if (d === 'bool') return BOOL_DESC;
  if (d === 'ref') return REF_DESC;
  if (d === 'string') {
    const cset = str.encoding ?? 'utf8';
    if (cset !== 'utf8' && cset !== 'ascii') throw new RangeError(`unknown string encoding '${cset}'`);
    if (str.length !== undefined) {
      if (!Number.isInteger(str.length) || str.length < 1) throw new RangeError('string length must be a positive integer');
      return { class: 'string', vlen: false, size: str.length, cset, pad: 'nullpad' };
    }
    return { class: 'string', vlen: true, cset, pad: 'nullterm' };
  }
  throw new TypeError(`unknown dtype '${String(d)}' (expected one of ${[...Object.keys(NUMERIC), 'bool', 'string', 'ref'].join(', ')})`);
}

export function isBoolEnum(d: TypeDesc): boolean {
  if (d.class !== 'enum' || d.base.class !== 'integer' || d.base.size !== 1) return false;
  const m = new Map(d.members.map(([k, v]) => [k, Number(v)]));
  return m.size === 2 && m.get('FALSE') === 0 && m.get('TRUE') === 1;
}

/** The simple name of a descriptor, as `dataset.dtype` reports it. */
export function kindOf(d: TypeDesc): DTypeKind {
  switch (d.class) {
    case 'integer':
      return `${d.signed ? 'int' : 'uint'}${d.size * 8}` as DTypeKind;
    case 'float':
      return `float${d.size * 8}` as DTypeKind;
    case 'string':
      return 'string';
    case 'enum':
      return isBoolEnum(d) ? 'bool' : 'enum';
    case 'reference':
      // ('std': HDF5 1.12's references, which h5nwb does not read or write yet)
      return d.kind === 'object' ? 'ref' : d.kind === 'region' ? 'region-ref' : 'unsupported';
    default:
      return d.class;
  }
}

/**
 * The TypedArray class that holds values of this type, or null when values travel as JS values (strings,
 * compounds, ...). Enums travel as their integer values; bool as Uint8Array of 0/1.
 */
export function typedArrayFor(d: TypeDesc): TypedArrayCtor | null {
  switch (d.class) {
    case 'integer':
    case 'float': {
      const k = kindOf(d);
      return isNumericName(k) ? NUMERIC[k].ctor : null;
    }
    case 'enum':
      if (isBoolEnum(d)) return Uint8Array;
      return typedArrayFor(d.base);
    case 'reference':
      return d.kind === 'object' ? BigUint64Array : null;
    case 'bitfield':
      // Bits travel as the unsigned integers of their size, as h5py reads them.
      return BITFIELD_ARRAYS[d.size] ?? null;
    default:
      return null;
  }
}

const BITFIELD_ARRAYS: Record<number, TypedArrayCtor> = { 1: Uint8Array, 2: Uint16Array, 4: Uint32Array, 8: BigUint64Array };

export function typedArrayForName(n: NumericDTypeName): TypedArrayCtor {
  return NUMERIC[n].ctor;
}

/**
 * The dtype numpy infers for JS numbers and BigInts given together without a dtype: int64 when there is a BigInt
 * and every number is an integer (uint64 when a BigInt needs it), else float64 (JS numbers are doubles). The scan
 * stops at the first missing value, which the conversion refuses.
 */
export function numericDtype(values: ArrayLike<unknown>): 'float64' | 'int64' | 'uint64' {
  let big = false;
  let negative = false;
  let beyondInt64 = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'bigint') {
      big = true;
      if (v < 0n) negative = true;
      else if (v > 0x7fffffffffffffffn) beyondInt64 = true;
    } else if (typeof v === 'number') {
      if (!Number.isInteger(v)) return 'float64';
      if (v < 0) negative = true;
    } else if (v === undefined || v === null) break;
  }
  if (!big) return 'float64';
  return beyondInt64 && !negative ? 'uint64' : 'int64';
}

/** The dtype name matching a TypedArray's element type. */
export function nameOfTypedArray(a: TypedArray): NumericDTypeName {
  if (a instanceof Int8Array) return 'int8';
  if (a instanceof Uint8Array || a instanceof Uint8ClampedArray) return 'uint8';
  if (a instanceof Int16Array) return 'int16';
  if (a instanceof Uint16Array) return 'uint16';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof Uint32Array) return 'uint32';
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof BigInt64Array) return 'int64';
  return 'uint64';
}

export function isTypedArray(x: unknown): x is TypedArray {
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

/**
 * True when a view's memory can be taken away while the addon's I/O thread works on it: its buffer is a
 * resizable ArrayBuffer, which may shrink (and V8 then takes the pages away). Asynchronous calls hand the I/O
 * thread an array of their own instead. (A growable SharedArrayBuffer only grows.)
 */
export function shrinkable(v: ArrayBufferView): boolean {
  return (v.buffer as { resizable?: boolean }).resizable === true;
}

/** Size in bytes of one element, as h5py's chunk guess counts it (numpy's itemsize). */
export function sizeOf(d: TypeDesc): number {
  switch (d.class) {
    case 'string':
      // Variable-length values count as a pointer (8 bytes), as numpy's object itemsize in h5py's chunk guess.
      return d.vlen ? 8 : d.size ?? 1;
    case 'enum':
      return sizeOf(d.base);
    case 'compound':
      // Fields without an offset are packed after the previous ones, as the addon lays them out.
      return d.size ?? d.fields.reduce((s, f) => Math.max(s, (f.offset ?? s) + sizeOf(f.type)), 0);
    case 'reference':
      return d.kind === 'object' ? 8 : d.kind === 'region' ? 12 : d.size ?? 64;
    case 'array':
      return sizeOf(d.base) * d.dims.reduce((a, b) => a * b, 1);
    case 'vlen':
      return 8;
    default:
      return (d as { size: number }).size;
  }
}

const CHUNK_BASE = 16 * 1024;
const CHUNK_MIN = 8 * 1024;
const CHUNK_MAX = 1024 * 1024;

/**
 * A chunk shape for `chunks: true`, by the same rule as h5py: aim at 16 KiB scaled by the dataset size
 * (8 KiB to 1 MiB), halving the axes in turn; zero-length or unlimited axes count as 1024.
 */
export function guessChunk(shape: number[], maxshape: (number | null)[] | undefined, typeSize: number): number[] {
  const dims = shape.map((x, i) => (x === 0 || (x === undefined && maxshape && maxshape[i] === null) ? 1024 : x));
  const ndims = dims.length;
  if (ndims === 0) throw new RangeError('a scalar dataset cannot be chunked');
  const chunks = dims.map(Number);
  const product = (a: number[]) => a.reduce((p, x) => p * x, 1);
  const dsetSize = product(chunks) * typeSize;
  let target = CHUNK_BASE * Math.pow(2, Math.log10(dsetSize / (1024 * 1024)));
  if (target > CHUNK_MAX) target = CHUNK_MAX;
  else if (target < CHUNK_MIN) target = CHUNK_MIN;
  let idx = 0;
  for (;;) {
    const chunkBytes = product(chunks) * typeSize;
    if ((chunkBytes < target || Math.abs(chunkBytes - target) / target < 0.5) && chunkBytes < CHUNK_MAX) break;
    if (product(chunks) === 1) break;
    chunks[idx % ndims] = Math.ceil(chunks[idx % ndims] / 2);
    idx++;
  }
  return chunks;
}
