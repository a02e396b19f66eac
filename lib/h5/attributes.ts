/** `obj.attrs`: a Map-like view of an object's attributes, with h5py's conventions for types. */
import { native, TypeDesc } from '../binding';
import { Hdf5Error } from '../errors';
import { DTypeLike, isBoolEnum, isTypedArray, nameOfTypedArray, numericDtype, toDesc, TypedArray } from './dtype';
import { isNdArray, normalize, toNative, NdArray, product } from './data';
import type { H5Object } from './object';
import { Reference } from './object';
import { encodeRefs, fromNativeValues, hasRefs, toNativeRefs } from './values';

export interface AttributeOptions {
  /** Datatype (inferred from the value when absent: strings -> variable-length UTF-8, numbers -> float64,
   *  bigint -> int64, booleans -> bool, TypedArrays -> their own type, references/objects -> object references). */
  dtype?: DTypeLike;
  /** Shape; inferred from the value when absent. `[]` is a scalar. */
  shape?: number[];
  /** For strings: 'utf8' (default) or 'ascii'. */
  encoding?: 'utf8' | 'ascii';
  /** For strings: a fixed length in bytes (variable length when absent). */
  length?: number;
}

const OPTION_KEYS = ['dtype', 'shape', 'encoding', 'length'];

/** The value of an attribute: scalars as JS values, 1-D as arrays, more dimensions as `{ data, shape }`. */
export type AttributeValue = unknown;

export interface AttributeInfo {
  dtype: TypeDesc;
  /** null for a scalar. */
  shape: number[] | null;
  /** The attribute has no data (an HDF5 null dataspace). */
  empty: boolean;
  value: AttributeValue;
}

function inferDType(values: TypedArray | unknown[]): DTypeLike {
  if (isTypedArray(values)) return nameOfTypedArray(values);
  // The first value that is not null or undefined decides (null stands for a null reference), looked for among
  // the first few thousand only: a search through a sparse array of 2^32 slots would take minutes, and missing
  // values are refused when the values are converted.
  let first: unknown;
  for (let i = 0; i < Math.min(values.length, 4096) && (first === undefined || first === null); i++) first = values[i];
  if (typeof first === 'string') return 'string';
  if (typeof first === 'boolean') return 'bool';
  if (typeof first === 'bigint' || typeof first === 'number') return numericDtype(values);
  if (first instanceof Reference || (typeof first === 'object' && first !== null && '_h' in first)) return 'ref';
  if (first === undefined) return 'float64';
  throw new TypeError(`cannot infer an attribute dtype for ${typeof first} values; pass { dtype }`);
}

export class Attributes implements Iterable<[string, AttributeValue]> {
  /** @internal */
  constructor(private readonly owner: H5Object) {}

  /** Attribute names, in creation order where the object tracks it, else in name order. */
  keys(): string[] {
    return native.attrNames(this.owner._h);
  }

  has(name: string): boolean {
    checkName(name);
    return native.attrExists(this.owner._h, name);
  }

  /** The attribute's value, or undefined when there is no such attribute. */
  get(name: string): AttributeValue {
    checkName(name);
    if (!native.attrExists(this.owner._h, name)) return undefined;
    return this.getInfo(name).value;
  }

  /** Datatype, shape and value of an attribute (throws ERR_H5_NOT_FOUND when missing). */
  getInfo(name: string): AttributeInfo {
    checkName(name);
    const a = native.attrRead(this.owner._h, name);
    if (a.empty) return { dtype: a.dtype, shape: null, empty: true, value: null };
    let values = fromNativeValues(a.value as TypedArray | unknown[], a.dtype, this.owner.file, this.owner);
    if (isBoolEnum(a.dtype)) values = Array.from(values as Uint8Array, (x) => x !== 0);
    let value: unknown;
    if (a.shape === null) value = (values as ArrayLike<unknown>)[0];
    else if (a.shape.length <= 1) value = values;
    else value = { data: values, shape: a.shape } as NdArray;
    return { dtype: a.dtype, shape: a.shape, empty: false, value };
  }

  /** Creates or replaces an attribute. */
  set(name: string, value: unknown, options: AttributeOptions = {}): this {
    checkName(name);
    options ??= {};
    for (const k of Object.keys(options))
      if (!OPTION_KEYS.includes(k)) throw new TypeError(`unknown attribute option '${k}' (expected ${OPTION_KEYS.join(', ')})`);
    const what = `attribute '${name}' of '${this.owner.name}' in ${this.owner.file.filename}`;
    if (value === undefined) throw new TypeError(`${what}: value is undefined`);
    const { values, shape } = normalize(value, options.dtype === undefined ? undefined : toDesc(options.dtype));
    const dtype = options.dtype ?? inferDType(values);
    const desc = toDesc(dtype, { encoding: options.encoding, length: options.length });
    const finalShape = options.shape ?? shape;
    if (!Array.isArray(finalShape) || !finalShape.every((x) => Number.isInteger(x) && x >= 0))
      throw new RangeError(`${what}: shape must be an array of non-negative integers`);
    if (product(finalShape) !== values.length)
      throw new RangeError(`${what}: ${values.length} values do not fill the shape [${finalShape}]`);
    const payload = desc.class === 'reference' ? toNativeRefs(values, this.owner, what)
      : hasRefs(desc) ? encodeRefs(values as unknown[], desc, this.owner, what) : toNative(values, desc, what);
    try {
      native.attrWrite(this.owner._h, name, desc, finalShape.length === 0 ? null : finalShape, payload);
    } catch (e) {
      // HDF5's earliest file format keeps attributes in the object header, 64 KiB at most: say what to do.
      if (e instanceof Hdf5Error && /object header message is too large/i.test(e.message))
        e.message += '; attributes over 64 KiB need the newer file format (File.open with libver: "latest" or ["v18", "latest"]), else store the values as a dataset';
      throw e;
    }
    return this;
  }

  /** Creates an attribute with no data (HDF5 null dataspace), as h5py's Empty. */
  setEmpty(name: string, dtype: DTypeLike = 'float64'): this {
    checkName(name);
    native.attrWrite(this.owner._h, name, toDesc(dtype), 'empty', undefined);
    return this;
  }

  /** Deletes an attribute; false when there was none. */
  delete(name: string): boolean {
    checkName(name);
    if (!native.attrExists(this.owner._h, name)) return false;
    native.attrDelete(this.owner._h, name);
    return true;
  }

  entries(): [string, AttributeValue][] {
    return this.keys().map((k) => [k, this.get(k)]);
  }

  /** All attributes as a plain object. */
  toObject(): Record<string, AttributeValue> {
    return Object.fromEntries(this.entries());
  }

  get size(): number {
    return this.keys().length;
  }

  [Symbol.iterator](): Iterator<[string, AttributeValue]> {
    return this.entries()[Symbol.iterator]();
  }
}

function checkName(name: unknown): void {
  if (typeof name !== 'string' || name.length === 0) throw new TypeError('an attribute name must be a non-empty string');
}

export { isNdArray };
