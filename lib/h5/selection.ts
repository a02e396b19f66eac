/**
 * Selections are values computed here; the addon only applies the final hyperslab or point list.
 *
 * A selection is one of:
 * - nothing (`undefined`/`null`): the whole dataset;
 * - a hyperslab `{ start, count, stride?, block? }` in HDF5's own terms;
 * - an index per axis, as h5py's `ds[...]`: a number (that position; the axis is dropped from the result, and
 *   negative numbers count from the end), `null` (the whole axis), or a `slice(start, stop, step)`;
 * - `{ points: [[i, j], ...] }`: single elements.
 */
import type { NativeSelection } from '../binding';

/** A Python-style slice: start inclusive, stop exclusive, positive step; negative bounds count from the end. */
export class Slice {
  constructor(
    readonly start: number | null = null,
    readonly stop: number | null = null,
    readonly step: number | null = null,
  ) {
    for (const [k, v] of [['start', start], ['stop', stop], ['step', step]] as const)
      if (v !== null && !Number.isInteger(v)) throw new TypeError(`slice ${k} must be an integer or null`);
    if (step !== null && step < 1) throw new RangeError('slice step must be a positive integer');
  }
}

/** `slice(2, 10)`, `slice(null, null, 2)`, `slice(-5)` (from 5 before the end). */
export function slice(start: number | null = null, stop: number | null = null, step: number | null = null): Slice {
  return new Slice(start, stop, step);
}

export interface Hyperslab {
  start: number[];
  count: number[];
  stride?: number[];
  block?: number[];
}

export type AxisIndex = number | null | Slice;
export type SelectionLike = null | undefined | Hyperslab | AxisIndex[] | { points: number[][] };

/**
 * A copy of a selection's arrays and plain objects (Slices are immutable and kept), for an operation that
 * resolves its selection later than the call: the caller may reuse or change the object meanwhile.
 */
export function snapshotSelection(sel: SelectionLike): SelectionLike {
  return copyPlain(sel) as SelectionLike;
}

function copyPlain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copyPlain);
  if (v !== null && typeof v === 'object') {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return v;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = copyPlain((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

export interface ResolvedSelection {
  /** What the addon applies (null = everything). */
  native: NativeSelection | null;
  /** Shape of the selected data as returned by a read. */
  shape: number[];
  /** Number of selected elements. */
  count: number;
}

function product(a: number[]): number {
  let p = 1;
  for (const x of a) p *= x;
  return p;
}

function isHyperslab(s: object): s is Hyperslab {
  return !Array.isArray(s) && 'start' in s && 'count' in s;
}

function checkKeys(o: object, allowed: string[], what: string): void {
  for (const k of Object.keys(o))
    if (!allowed.includes(k)) throw new TypeError(`unknown ${what} option '${k}' (expected ${allowed.join(', ')})`);
}

/** Checks and copies (a queued async call must not see later changes to the caller's arrays). */
function intArray(v: unknown, rank: number, what: string, min: number): number[] {
  if (!Array.isArray(v) || v.length !== rank) throw new RangeError(`${what} must be an array of ${rank} integers`);
  for (const x of v) if (!Number.isInteger(x) || x < min) throw new RangeError(`${what} must hold integers >= ${min}`);
  return v.slice() as number[];
}

/** Checks a selection against a dataset shape and computes what the addon needs. */
export function resolveSelection(sel: SelectionLike, shape: number[], what = 'dataset'): ResolvedSelection {
  const rank = shape.length;
  if (sel === null || sel === undefined) return { native: null, shape: shape.slice(), count: product(shape) };
  if (typeof sel !== 'object') throw new TypeError('a selection must be an object, an array of indices, or null');
  if ('points' in sel && !Array.isArray(sel)) {
    checkKeys(sel, ['points'], 'selection');
    const pts = sel.points;
    if (!Array.isArray(pts)) throw new TypeError('points must be an array of coordinates');
    if (rank === 0 && pts.length > 0)
      throw new RangeError(`the scalar ${what} has no coordinates to pick points by: read or write it whole`);
    const copies = pts.map((p) => {
      const c = intArray(p, rank, 'each point', 0);
      c.forEach((x, i) => {
        if (x >= shape[i]) throw new RangeError(`point [${p}] is outside the shape [${shape}] of ${what}`);
      });
      return c;
    });
    return { native: { points: copies }, shape: [copies.length], count: copies.length };
  }
  if (isHyperslab(sel)) {
    checkKeys(sel, ['start', 'count', 'stride', 'block'], 'selection');
    const start = intArray(sel.start, rank, 'start', 0);
    const count = intArray(sel.count, rank, 'count', 0);
    const block = sel.block === undefined ? undefined : intArray(sel.block, rank, 'block', 1);
    // Blocks without a stride lie side by side (the stride is the block), as HDF5's default stride of 1 would
    // overlap blocks larger than 1.
    const stride = sel.stride === undefined ? block?.slice() : intArray(sel.stride, rank, 'stride', 1);
    if (rank === 0) return { native: null, shape: [], count: 1 }; // the one element of a scalar
    const out: number[] = [];
    for (let i = 0; i < rank; i++) {
      const b = block ? block[i] : 1;
      const s = stride ? stride[i] : 1;
      if (count[i] > 1 && b > s) throw new RangeError(`block ${b} is larger than stride ${s} on axis ${i}: the blocks would overlap`);
      const last = count[i] === 0 ? start[i] : start[i] + (count[i] - 1) * s + b;
      if (last > shape[i] || start[i] > shape[i])
        throw new RangeError(`selection [${start}] + [${count}] is outside the shape [${shape}] of ${what}`);
      out.push(count[i] * b);
    }
    const native: NativeSelection = { start, count };
    if (stride) native.stride = stride;
    if (block) native.block = block;
    return { native, shape: out, count: product(out) };
  }
  if (!Array.isArray(sel)) throw new TypeError('unknown selection form');
  if (sel.length > rank) throw new RangeError(`${sel.length} indices for the ${rank}-dimensional ${what}`);
  if (rank === 0) return { native: null, shape: [], count: 1 }; // [] on a scalar: its one element, as h5py's d[()]
  const start: number[] = [];
  const count: number[] = [];
  const stride: number[] = [];
  const outShape: number[] = [];
  let strided = false;
  for (let i = 0; i < rank; i++) {
    const ix = i < sel.length ? sel[i] : null;
    const n = shape[i];
    if (ix === null || ix === undefined) {
      start.push(0);
      count.push(n);
      stride.push(1);
      outShape.push(n);
    } else if (typeof ix === 'number') {
      if (!Number.isInteger(ix)) throw new TypeError(`index ${ix} is not an integer`);
      const k = ix < 0 ? n + ix : ix;
      if (k < 0 || k >= n) throw new RangeError(`index ${ix} is out of range for axis ${i} of size ${n} of ${what}`);
      start.push(k);
      count.push(1);
      stride.push(1);
    } else if (ix instanceof Slice) {
      const step = ix.step ?? 1;
      const norm = (v: number | null, dflt: number) => (v === null ? dflt : v < 0 ? Math.max(0, n + v) : Math.min(v, n));
      const a = norm(ix.start, 0);
      const b = norm(ix.stop, n);
      const c = b > a ? Math.ceil((b - a) / step) : 0;
      start.push(Math.min(a, n));
      count.push(c);
      stride.push(step);
      if (step !== 1) strided = true;
      outShape.push(c);
    } else {
      throw new TypeError(`axis ${i}: an index must be a number, null, or slice()`);
    }
  }
  const native: NativeSelection = { start, count };
  if (strided) native.stride = stride;
  return { native, shape: outShape, count: product(count) };
}
