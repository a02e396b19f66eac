/** Conversions of non-numeric values between the addon and users: references and compounds holding them. */
import * as path from 'path';
import { native, TypeDesc } from '../binding';
import { fsExists, fsRealpath } from './drivers';
import { TypedArray } from './dtype';
import type { File } from './file';
import { H5Object, Reference } from './object';

function hasRefs(d: TypeDesc): boolean {
  if (d.class === 'reference') return d.kind === 'object';
  if (d.class === 'compound') return d.fields.some((f) => hasRefs(f.type));
  if (d.class === 'array' || d.class === 'vlen') return hasRefs(d.base);
  return false;
}

function revive(v: unknown, d: TypeDesc, file: File, owner: H5Object | null): unknown {
  if (d.class === 'reference' && d.kind === 'object') return new Reference(v as bigint, file, owner);
  if (d.class === 'compound' && v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const f of d.fields) if (hasRefs(f.type)) o[f.name] = revive(o[f.name], f.type, file, owner);
    return o;
  }
  if ((d.class === 'array' || d.class === 'vlen') && Array.isArray(v))
    return mapLeaves(v, d.class === 'array' ? d.dims.length : 1, (x) => revive(x, d.base, file, owner));
  return v;
}

/** Applies fn to the values of an array-type value nested `levels` deep (flat when given flat). */
function mapLeaves(v: ArrayLike<unknown>, levels: number, fn: (x: unknown) => unknown): unknown[] {
  return Array.from(v, (x) => (levels > 1 && Array.isArray(x) ? mapLeaves(x, levels - 1, fn) : fn(x)));
}

/** Wraps references read from a file (alone or inside compounds) into Reference objects bound to the file. */
export function fromNativeValues(values: TypedArray | unknown[], desc: TypeDesc, file: File, owner: H5Object | null = null): TypedArray | unknown[] {
  if (!hasRefs(desc)) return values;
  if (values instanceof BigUint64Array || values instanceof BigInt64Array)
    return Array.from(values as BigUint64Array, (a) => new Reference(a, file, owner));
  return (values as unknown[]).map((v) => revive(v, desc, file, owner));
}

/** An object address must be a 64-bit unsigned integer (2n ** 64n would wrap to 0, the null reference). */
function checkedAddress(a: bigint, what: string): bigint {
  if (typeof a !== 'bigint' || a < 0n || a >= 1n << 64n) throw new RangeError(`${what}: ${String(a)} is not an object address (0 to 2^64 - 1)`);
  return a;
}

/** The address of a reference target: a Reference, an open object of the same file, or null (null reference). */
export function refAddress(v: unknown, owner: H5Object, what: string): bigint {
  if (v === null || v === undefined) return 0n;
  if (v instanceof Reference) {
    if (!v.isNull) checkRefFile(v, owner, what);
    return checkedAddress(v.address, what);
  }
  if (v instanceof H5Object) {
    if (filenoOf(v) !== filenoOf(owner))
      throw new RangeError(`${what}: a reference must point into the same file (${v.name} is in ${v.file.filename})`);
    return native.refCreate(v._h, '.');
  }
  if (typeof v === 'bigint') return checkedAddress(v, what);
  throw new TypeError(`${what}: expected a Reference or an HDF5 object, got ${typeof v}`);
}

/**
 * HDF5's number of the file an open object lives in (fixed while the object is open), looked up once per object:
 * references are checked value by value, against the same owner each time.
 */
const filenos = new WeakMap<H5Object, number>();
function filenoOf(o: H5Object): number {
  let n = filenos.get(o);
  if (n === undefined) {
    n = native.objInfo(o._h, '.').fileno;
    filenos.set(o, n);
  }
  return n;
}

/**
 * A Reference read from (or made in) one file holds an address in that file: written into another, it would point
 * at whatever that file holds there. Checked by HDF5's file numbers while its file is open, else by file names.
 * (A Reference made from a bare address knows no file, and is taken as given.)
 */
function checkRefFile(v: Reference, owner: H5Object, what: string): void {
  const src = v.owner ?? v.file;
  if (!src) return;
  let from: string;
  if (src.isOpen) {
    if (filenoOf(src) === filenoOf(owner)) return;
    from = native.fileInfo(src._h).name;
  } else {
    from = (v.file ?? src.file).filename;
    if (samePath(from, native.fileInfo(owner._h).name)) return;
  }
  throw new RangeError(`${what}: the reference points into ${from}, not into the file written to; a reference must point into the same file`);
}

function samePath(a: string, b: string): boolean {
  // (a name that is no file on disk, such as a family pattern or an in-memory file's, compares as written)
  const real = (p: string) => (fsExists(p) ? fsRealpath(p) : path.resolve(p));
  return a === b || real(a) === real(b);
}

function encode(v: unknown, d: TypeDesc, owner: H5Object, what: string): unknown {
  if (d.class === 'reference' && d.kind === 'object') return refAddress(v, owner, what);
  if (d.class === 'compound' && v && typeof v === 'object') {
    const o: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    for (const f of d.fields) if (hasRefs(f.type)) o[f.name] = encode(o[f.name], f.type, owner, what);
    return o;
  }
  if ((d.class === 'array' || d.class === 'vlen') && (Array.isArray(v) || v instanceof BigUint64Array))
    return mapLeaves(v as ArrayLike<unknown>, d.class === 'array' ? d.dims.length : 1, (x) => encode(x, d.base, owner, what));
  return v;
}

/** Converts values holding references (Reference, H5Object) into what the addon writes. */
export function toNativeRefs(values: TypedArray | unknown[], owner: H5Object, what: string): TypedArray | unknown[] {
  if (values instanceof BigUint64Array) return values;
  const arr = Array.from(values as ArrayLike<unknown>);
  return BigUint64Array.from(arr, (v) => refAddress(v, owner, what));
}

/** Like toNativeRefs for any type that contains references (compounds, arrays, sequences). */
export function encodeRefs(values: unknown[], desc: TypeDesc, owner: H5Object, what: string): unknown[] {
  if (!hasRefs(desc)) return values;
  return values.map((v) => encode(v, desc, owner, what));
}

export { hasRefs };
