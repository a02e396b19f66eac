/** How spec dtypes become HDF5 types when PyNWB writes them (and so when we do). */
import type { TypeDesc } from '../../binding';
import type { DtypeSpec } from '../spec/schema-types';

const TEXT = new Set(['text', 'utf', 'utf8', 'utf-8']);
const ASCII = new Set(['ascii', 'bytes', 'isodatetime', 'datetime']);
const FLOATS: Record<string, 'float32' | 'float64'> = { float: 'float32', float32: 'float32', double: 'float64', float64: 'float64' };
const INTS: Record<string, string> = {
  long: 'int64', int64: 'int64', int: 'int32', int32: 'int32', short: 'int16', int16: 'int16', int8: 'int8',
  uint: 'uint32', uint64: 'uint64', uint32: 'uint32', uint16: 'uint16', uint8: 'uint8',
};

export type H5Type = { dtype: string | TypeDesc; encoding?: 'utf8' | 'ascii' };

export function isTextDtype(d: DtypeSpec | undefined): boolean {
  return typeof d === 'string' && (TEXT.has(d) || ASCII.has(d));
}

export function isRefDtype(d: DtypeSpec | undefined): boolean {
  return typeof d === 'object' && d !== null && !Array.isArray(d) && 'target_type' in d;
}

/** The size-class of a numeric spec dtype, for upcasting. */
function rank(n: string): number {
  return { int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, float32: 4, int64: 8, uint64: 8, float64: 8 }[n] ?? 8;
}

/**
 * The HDF5 type for a value written at a place of spec dtype `d`, as HDMF chooses it: text as variable-length
 * UTF-8, ascii and datetimes as variable-length ASCII, references as object references, numbers at least as
 * wide as the spec says (a plain JS number becomes float64 for float specs, int64 for integer specs; a
 * TypedArray keeps its own type when it is at least as wide).
 */
export function h5TypeFor(d: DtypeSpec | undefined, value: unknown, typedName?: string): H5Type {
  if (d === undefined || d === null) {
    if (typedName) return { dtype: typedName };
    return { dtype: guess(value) };
  }
  if (typeof d === 'string') {
    if (TEXT.has(d)) return { dtype: 'string', encoding: 'utf8' };
    if (ASCII.has(d)) return { dtype: 'string', encoding: 'ascii' };
    if (d === 'bool') return { dtype: 'bool' };
    if (d === 'numeric') return { dtype: typedName ?? guess(value) };
    const f = FLOATS[d];
    if (f) {
      if (typedName && typedName.startsWith('float') && rank(typedName) >= rank(f)) return { dtype: typedName };
      if (typedName && !typedName.startsWith('float')) return { dtype: f === 'float32' && rank(typedName) <= 2 ? 'float32' : 'float64' };
      // A narrower float (Float32Array at a float64 place) is widened to what the spec demands, as HDMF does.
      return { dtype: typedName ? f : 'float64' };
    }
    const i = INTS[d];
    if (i) {
      if (typedName && /int/.test(typedName) && rank(typedName) >= rank(i)) return { dtype: typedName };
      if (typedName) return { dtype: i };
      return { dtype: i.startsWith('u') ? i : 'int64' };
    }
    return { dtype: typedName ?? guess(value) };
  }
  if (isRefDtype(d)) return { dtype: 'ref' };
  if (Array.isArray(d)) {
    // Compound fields take exactly the spec's type, as HDMF resolves compound dtypes (no upcasting).
    const fields = d.map((f) => {
      const e = typeof f.dtype === 'string' ? FLOATS[f.dtype] ?? INTS[f.dtype] : undefined;
      const t = e ? { dtype: e } : h5TypeFor(f.dtype, undefined);
      return { name: f.name, type: descOf(t) };
    });
    return { dtype: { class: 'compound', fields } };
  }
  return { dtype: guess(value) };
}

function guess(value: unknown): string {
  const v = Array.isArray(value) ? value.flat(Infinity)[0] : value;
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int64';
  return 'float64';
}

/** A type descriptor for an H5Type (compound fields need full descriptors). */
export function descOf(t: H5Type): TypeDesc {
  if (typeof t.dtype === 'object') return t.dtype;
  switch (t.dtype) {
    case 'string':
      return { class: 'string', vlen: true, cset: t.encoding ?? 'utf8', pad: 'nullterm' };
    case 'ref':
      return { class: 'reference', kind: 'object' };
    case 'bool':
      return { class: 'enum', base: { class: 'integer', size: 1, signed: true, order: 'le' }, members: [['FALSE', 0], ['TRUE', 1]] };
    case 'float32':
      return { class: 'float', size: 4, order: 'le' };
    case 'float64':
      return { class: 'float', size: 8, order: 'le' };
    default: {
      const m = /^(u?)int(8|16|32|64)$/.exec(t.dtype);
      if (!m) throw new RangeError(`no descriptor for dtype ${t.dtype}`);
      return { class: 'integer', size: (Number(m[2]) / 8) as 1 | 2 | 4 | 8, signed: m[1] !== 'u', order: 'le' };
    }
  }
}
