/**
 * hdmf-common tables: VectorData, VectorIndex, ElementIdentifiers, DynamicTableRegion and DynamicTable, with
 * HDMF's verbs (addColumn, addRow, createRegion, ...) in camelCase.
 *
 * Everything lives in the container's places (see Container), so a table read from a file works with the same
 * methods as one built by hand:
 *
 *   DynamicTable  '@description', '@colnames', 'id' (ElementIdentifiers), its columns at the place of their name
 *                 when the table's spec names them (Units 'spike_times', TimeIntervals 'start_time', ...), else
 *                 as unnamed typed children ('*')
 *   VectorData    '@description', 'data'
 *   VectorIndex   '@target' (the VectorData or VectorIndex it indexes), 'data' (cumulative end offsets)
 *   DTR           '@table' (the DynamicTable it points into), 'data' (row indices)
 *
 * A ragged column `c` is the data column `c` plus `c_index` (and `c_index_index` for doubly ragged data), the
 * index columns pointing at what they index through their `target` attribute. `colnames` lists the columns in
 * order, without the index columns.
 */
import { isNdArray, normalize, product } from '../../h5/data';
import { Dataset } from '../../h5/dataset';
import { isTypedArray } from '../../h5/dtype';
import { slice } from '../../h5/selection';
import { H5DataIO } from '../io/dataio';
import { memberType, NamespaceCatalog } from '../spec/catalog';
import type { GroupSpec } from '../spec/schema-types';
import { Container } from './base';
import { defineProps, objectArgs } from './props';

// ----------------------------------------------------------------------------------------------- helpers

/** A dataset of a file (duck-typed: containers do no I/O themselves). */
interface LazyData {
  shape: number[];
  read(selection?: unknown): { data: ArrayLike<unknown>; shape: number[] };
}

function isLazy(x: unknown): x is LazyData {
  // A Dataset's shape is a call into libhdf5: a dataset is lazy data without asking it.
  if (x instanceof Dataset) return true;
  return typeof x === 'object' && x !== null && !Array.isArray(x) && typeof (x as LazyData).read === 'function' &&
    Array.isArray((x as LazyData).shape);
}

/** Arrays created here (and so safe to grow in place); arrays given by users are copied before growing. */
const owned = new WeakSet<unknown[]>();
function own<T extends unknown[]>(a: T): T {
  owned.add(a);
  return a;
}

/** Nested JS arrays of flat C-order values of `shape`. */
function nest(values: ArrayLike<unknown>, shape: number[], offset = 0): unknown[] {
  const n = shape[0];
  if (shape.length === 1) {
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = values[offset + i];
    return out;
  }
  const per = product(shape.slice(1));
  return Array.from({ length: n }, (_, i) => nest(values, shape.slice(1), offset + i * per));
}

/** The values of column data along its first axis (rows of multi-dimensional data as nested arrays). */
export function rowsOf(data: unknown): unknown[] {
  if (data === undefined || data === null) return [];
  if (Array.isArray(data)) return data;
  if (data instanceof H5DataIO) return rowsOf(data.options.data);
  if (isLazy(data)) return rowsOf(data.read());
  if (isTypedArray(data)) return Array.from(data as ArrayLike<unknown>);
  if (isNdArray(data)) {
    const shape = data.shape;
    if (shape.length === 0) return [(data.data as ArrayLike<unknown>)[0]];
    return nest(data.data as ArrayLike<unknown>, shape);
  }
  throw new TypeError(`column data must be an array, a TypedArray, { data, shape } or a dataset; got ${typeof data}`);
}

/**
 * rowsOf(data).slice(start, end), reading only those rows of a dataset (and converting only those of a
 * TypedArray). Only for data rowsOf takes as it is (arrays, TypedArrays, { data, shape }, datasets).
 */
function rowsIn(data: unknown, start: number, end: number): unknown[] {
  if (Array.isArray(data)) return data.slice(start, end);
  if (isTypedArray(data)) return Array.from((data as unknown as { subarray(a: number, b: number): ArrayLike<unknown> }).subarray(start, end));
  if (isNdArray(data) && data.shape.length > 0 && start >= 0 && end >= 0) {
    const shape = data.shape;
    const b = Math.min(end, shape[0]);
    if (b <= start) return [];
    const inner = shape.slice(1);
    return nest(data.data as ArrayLike<unknown>, [b - start, ...inner], start * product(inner));
  }
  if (isLazy(data) && start >= 0 && end >= 0) {
    if (end <= start) return [];
    // A slice along the first axis (clamped to the extent, as Array.prototype.slice).
    let r: { data: ArrayLike<unknown>; shape: number[] };
    try {
      r = data.read([slice(start, end)]);
    } catch {
      return rowsOf(data).slice(start, end);
    }
    return rowsOf(r);
  }
  return rowsOf(data).slice(start, end);
}

/** Data rowsIn() reads in part. */
function rangeable(data: unknown): boolean {
  return Array.isArray(data) || isTypedArray(data) || isLazy(data) || isNdArray(data);
}

/** The number of values along the first axis, without reading a dataset. */
export function lengthOf(data: unknown): number {
  if (data === undefined || data === null) return 0;
  if (Array.isArray(data) || isTypedArray(data)) return (data as ArrayLike<unknown>).length;
  if (data instanceof H5DataIO) return data.options.data !== undefined ? lengthOf(data.options.data) : data.options.shape?.[0] ?? 0;
  if (isLazy(data) || isNdArray(data)) {
    const shape = data.shape;
    return shape.length === 0 ? 1 : shape[0];
  }
  throw new TypeError(`column data must be an array, a TypedArray, { data, shape } or a dataset; got ${typeof data}`);
}

/** The shape of column data, without reading a dataset (undefined when unknown, e.g. an iterator). */
export function shapeOf(data: unknown): number[] | undefined {
  if (data === undefined || data === null) return undefined;
  if (data instanceof H5DataIO) return data.options.data !== undefined ? shapeOf(data.options.data) : data.options.shape;
  if (isLazy(data) || isNdArray(data)) return data.shape.slice();
  if (Array.isArray(data) || isTypedArray(data)) {
    try {
      return normalize(data).shape;
    } catch {
      return [(data as ArrayLike<unknown>).length];
    }
  }
  return undefined;
}

type TypedCtor = new (n: number) => { [i: number]: unknown; set(a: ArrayLike<unknown>): void; length: number };
const WIDER = new Map<unknown, TypedCtor>([
  [Uint8Array, Uint16Array], [Uint16Array, Uint32Array], [Uint32Array, BigUint64Array],
  [Int8Array, Int16Array], [Int16Array, Int32Array], [Int32Array, BigInt64Array],
] as [unknown, TypedCtor][]);
const RANGES = new Map<unknown, [number, number]>([
  [Uint8Array, [0, 255]], [Uint16Array, [0, 65535]], [Uint32Array, [0, 2 ** 32 - 1]],
  [Int8Array, [-128, 127]], [Int16Array, [-32768, 32767]], [Int32Array, [-(2 ** 31), 2 ** 31 - 1]],
]);
function fitsIn(ctor: unknown, v: unknown): boolean {
  const r = RANGES.get(ctor);
  if (!r) return true;
  const n = Number(v as number);
  return Number.isInteger(n) && n >= r[0] && n <= r[1];
}

/** Column data with rows appended: grown in place when it is an array of ours, else a new array (or TypedArray). */
export function appendRows(data: unknown, rows: unknown[]): unknown {
  if (data === undefined || data === null) return own(rows.slice());
  if (Array.isArray(data)) {
    if (owned.has(data)) {
      for (const r of rows) data.push(r);
      return data;
    }
    return own([...data, ...rows]);
  }
  if (data instanceof H5DataIO) throw new TypeError('cannot add rows to a column whose data is an H5DataIO');
  if (isLazy(data)) data = data.read();
  const nd = isTypedArray(data) ? { data, shape: [(data as ArrayLike<unknown>).length] } : data;
  if (!isNdArray(nd)) throw new TypeError('cannot add rows to this column data');
  const flat = nd.data as ArrayLike<unknown>;
  if (!isTypedArray(flat)) return own([...rowsOf(nd), ...rows]);
  // Keep the column's numeric type: a new TypedArray of the same kind.
  const inner = nd.shape.slice(1);
  const values: unknown[] = [];
  for (const r of rows) {
    const { values: v, shape } = normalize(r);
    if (shape.length !== inner.length || shape.some((s, i) => s !== inner[i]))
      throw new RangeError(`a row of shape [${shape}] does not fit a column of rows of shape [${inner}]`);
    for (let i = 0; i < v.length; i++) values.push(v[i]);
  }
  // An integer column grows into a wider integer type when new values do not fit (a uint8 index past 255).
  let Ctor = flat.constructor as TypedCtor;
  while (WIDER.has(Ctor) && values.some((v) => !fitsIn(Ctor, v))) Ctor = WIDER.get(Ctor)!;
  const out = new Ctor(flat.length + values.length);
  const big = out instanceof BigInt64Array || out instanceof BigUint64Array;
  if (Ctor === flat.constructor) out.set(flat);
  else for (let i = 0; i < flat.length; i++) out[i] = big ? BigInt(flat[i] as number) : Number(flat[i]);
  for (let i = 0; i < values.length; i++) out[flat.length + i] = big ? BigInt(values[i] as number) : Number(values[i]);
  return inner.length ? { data: out, shape: [nd.shape[0] + rows.length, ...inner] } : out;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * A row index or offset as a number. int64 data reads as BigInt; an index past 2^53 cannot be a real row (no
 * array is that long), so it is refused rather than rounded.
 */
function toIndex(v: unknown): number {
  if (typeof v !== 'bigint') return v as number;
  if (v > MAX_SAFE || v < -MAX_SAFE) throw new RangeError(`the index ${v} is beyond 2^53: the data is not a valid index into a table`);
  return Number(v);
}

/** A row id: a number when it is exact as one, else the BigInt it was read as (ids are any int64). */
function toId(v: unknown): number | bigint {
  return typeof v === 'bigint' && v <= MAX_SAFE && v >= -MAX_SAFE ? Number(v) : (v as number | bigint);
}

/** TypedArrays that hold integers only. */
/**
 * Whether the integers of `e` (an integer TypedArray, not 64-bit) never decrease and start at 0 or above: the
 * check of a VectorIndex's end offsets. Up to 65,536 values it compares the bytes with a sorted copy (built-ins
 * only: ten thousand values in about a tenth of the time a loop takes before the JIT has warmed up); larger
 * arrays are looped over, which the JIT compiles on the way.
 */
export function ascendingNonNegative(e: ArrayLike<number> & ArrayBufferView): boolean {
  const n = e.length;
  if (n === 0) return true;
  if (n <= 65536) {
    const sorted = (e as unknown as Uint32Array).slice().sort();
    return sorted[0] >= 0 &&
      Buffer.from(e.buffer, e.byteOffset, e.byteLength).equals(Buffer.from(sorted.buffer, sorted.byteOffset, sorted.byteLength));
  }
  let prev = 0;
  for (let i = 0; i < n; i++) {
    if (e[i] < prev) return false;
    prev = e[i];
  }
  return true;
}

const INTEGER_ARRAYS = new Set<unknown>([Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, BigInt64Array, BigUint64Array]);

function isInteger(v: unknown): boolean {
  return (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint';
}

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || isTypedArray(v);
}

/** Refuses arguments the type does not take and missing required ones; text arguments must be strings. */
export function checkArgs(type: string, args: unknown, allowed: string[], required: string[] = [], text: string[] = []): Record<string, unknown> {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) throw new TypeError(`${type}: arguments must be an object`);
  const a = args as Record<string, unknown>;
  for (const k of Object.keys(a))
    if (k !== 'name' && !allowed.includes(k)) throw new TypeError(`${type}: unknown argument '${k}' (expected ${['name', ...allowed].join(', ')})`);
  for (const n of required) if (a[n] === undefined || a[n] === null) throw new TypeError(`${type}: '${n}' is required`);
  for (const n of text) if (a[n] !== undefined && a[n] !== null && typeof a[n] !== 'string') throw new TypeError(`${type}: '${n}' must be a string`);
  return a;
}

// ------------------------------------------------------------------------------------- column types

export interface VectorDataArgs {
  name: string;
  description: string;
  /** The column's values along the first axis (for a ragged column: the concatenated values). */
  data?: unknown;
}

/** A column of a DynamicTable (hdmf-common VectorData). */
export class VectorData extends Container {
  declare description: string;
  declare data: unknown;

  constructor(args: VectorDataArgs, type = 'VectorData', namespace = 'hdmf-common') {
    super(type, (args as { name?: string } | undefined)?.name as string, namespace);
    checkArgs(type, args, ['description', 'data'], ['description'], ['description']);
    this.set('@description', args.description);
    this.set('data', args.data ?? own([]));
  }

  /** Number of values along the first axis. */
  get length(): number {
    return lengthOf(this.get('data'));
  }

  /** get(i): the i-th value; get(place): the value at a spec place (see Container). */
  get(key: string): unknown;
  get(index: number): unknown;
  get(key: string | number): unknown {
    if (typeof key === 'number') return elementAt(this, key);
    return super.get(key);
  }

  /** All values (rows of multi-dimensional data as nested arrays); reads a dataset of a file. */
  values(): unknown[] {
    return rowsOf(this.get('data'));
  }

  /** @internal appends values along the first axis. */
  _append(rows: unknown[]): void {
    this.fields.set('data', appendRows(this.get('data'), rows));
    this.markModified();
  }

  /** @internal get(j) for every j from start up to end, reading only those values of a dataset. */
  _range(start: number, end: number): unknown[] {
    const data = this.get('data');
    if (rangeable(data) && Number.isInteger(start) && Number.isInteger(end) && start >= 0) {
      if (end <= start) return [];
      const v = rowsIn(data, start, end);
      if (v.length === end - start) return v;
      // Past the end: get(j) says which index is out of range.
    }
    const out: unknown[] = [];
    for (let j = start; j < end; j++) out.push(this.get(j));
    return out;
  }
}
defineProps(VectorData, { description: '@description', data: 'data' });

function elementAt(c: VectorData, i: number): unknown {
  const n = c.length;
  if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`index ${i} is out of range for ${c.describe()} (length ${n})`);
  const data = c.get('data');
  return rangeable(data) ? rowsIn(data, i, i + 1)[0] : rowsOf(data)[i];
}

export interface VectorIndexArgs {
  name: string;
  /** Cumulative end offsets into the target, one per row. */
  data?: unknown;
  /** The column (or, for doubly ragged data, the index) this index applies to. */
  target: VectorData;
}

/** The row boundaries of a ragged column (hdmf-common VectorIndex): cumulative end offsets into its target. */
export class VectorIndex extends VectorData {
  declare target: VectorData;

  constructor(args: VectorIndexArgs) {
    checkArgs('VectorIndex', args, ['data', 'target'], ['target']);
    if (!(args.target instanceof VectorData)) throw new TypeError(`VectorIndex '${args.name}': target must be a VectorData or VectorIndex`);
    super({ name: args.name, description: `Index for VectorData '${args.target.name}'`, data: args.data }, 'VectorIndex');
    this.set('@target', args.target);
    const ends = this.get('data');
    if (Array.isArray(ends) || isTypedArray(ends)) {
      let prev = 0;
      const a = ends as ArrayLike<unknown>;
      if (isTypedArray(ends) && INTEGER_ARRAYS.has((ends as object).constructor) && !(ends instanceof BigInt64Array || ends instanceof BigUint64Array)) {
        // Integers already: only the order (and the sign) needs checking.
        const e = ends as unknown as ArrayLike<number> & ArrayBufferView;
        if (!ascendingNonNegative(e)) throw new RangeError(`VectorIndex '${args.name}': data must be ascending non-negative integers (cumulative end offsets)`);
        prev = e.length ? e[e.length - 1] : 0;
      } else for (let i = 0; i < a.length; i++) {
        const e = a[i];
        if (!isInteger(e) || toIndex(e) < prev) throw new RangeError(`VectorIndex '${args.name}': data must be ascending non-negative integers (cumulative end offsets)`);
        prev = toIndex(e);
      }
      const tl = args.target.length;
      if ((ends as ArrayLike<unknown>).length > 0 && prev !== tl)
        throw new RangeError(`VectorIndex '${args.name}': the last offset (${prev}) must equal the length of '${args.target.name}' (${tl})`);
    }
  }

  /** get(i): the values of row i (from the target); get(place): the value at a spec place. */
  get(key: string): unknown;
  get(index: number): unknown;
  get(key: string | number): unknown {
    if (typeof key !== 'number') return super.get(key);
    const data = super.get('data');
    if (Array.isArray(data) || isTypedArray(data) || isLazy(data)) {
      // Only the row's two end offsets are read, then only its values of the target.
      const n = lengthOf(data);
      if (!Number.isInteger(key) || key < 0 || key >= n)
        throw new RangeError(`index ${key} is out of range for ${this.describe()} (length ${n})`);
      const e = rowsIn(data, key === 0 ? 0 : key - 1, key + 1).map(toIndex);
      return this.targetColumn()._range(key === 0 ? 0 : e[0], e[e.length - 1]);
    }
    const ends = rowsOf(data).map(toIndex);
    if (!Number.isInteger(key) || key < 0 || key >= ends.length)
      throw new RangeError(`index ${key} is out of range for ${this.describe()} (length ${ends.length})`);
    const start = key === 0 ? 0 : ends[key - 1];
    const target = this.targetColumn();
    const out: unknown[] = [];
    for (let j = start; j < ends[key]; j++) out.push(target.get(j));
    return out;
  }

  /** @internal get(j) for every j from start up to end (rows of the target). */
  _range(start: number, end: number): unknown[] {
    const out: unknown[] = [];
    for (let j = start; j < end; j++) out.push(this.get(j));
    return out;
  }

  /** The column this index cuts into rows; a RangeError when the file's `target` did not lead to one. */
  private targetColumn(): VectorData {
    const t = super.get('@target');
    if (!(t instanceof VectorData))
      throw new RangeError(`${this.describe()} has no target column${t ? ` (its target is a ${(t as object).constructor.name})` : ' (see the IO\'s brokenLinks())'}`);
    return t;
  }
}
defineProps(VectorIndex, { target: '@target' });

/** The row identifiers of a DynamicTable (hdmf-common ElementIdentifiers), written as int64. */
export class ElementIdentifiers extends Container {
  declare data: unknown;

  constructor(args: { name?: string; data?: unknown } = {}) {
    objectArgs('ElementIdentifiers', args, true);
    super('ElementIdentifiers', args.name ?? 'id', 'hdmf-common');
    checkArgs('ElementIdentifiers', args, ['data']);
    const data = args.data ?? own([]);
    // (Array.prototype.every with a built-in predicate checks ten thousand ids in a fraction of what a loop takes
    // before the JIT has warmed up; the loop runs only when it finds something else, bigints among them.)
    if ((Array.isArray(data) || isTypedArray(data)) && !INTEGER_ARRAYS.has((data as object).constructor) && !(Array.isArray(data) && data.every(Number.isInteger))) {
      const a = data as ArrayLike<unknown>;
      for (let i = 0; i < a.length; i++) if (!isInteger(a[i])) throw new TypeError(`ElementIdentifiers: ids must be integers; got ${String(a[i])}`);
    }
    this.set('data', data);
  }

  get length(): number {
    return lengthOf(this.get('data'));
  }

  /** The ids: numbers, except ids beyond 2^53 (stored as int64), which stay BigInts so that none is rounded. */
  values(): (number | bigint)[] {
    return rowsOf(this.get('data')).map(toId);
  }

  /** @internal */
  _appendId(id: unknown): void {
    this.fields.set('data', appendRows(this.get('data'), [id]));
    this.markModified();
  }
}
defineProps(ElementIdentifiers, { data: 'data' });

export interface DynamicTableRegionArgs {
  name: string;
  description: string;
  /** Row indices (0-based) into `table`. */
  data: unknown;
  /** The table the indices point into (may be set later, once). */
  table?: DynamicTable;
}

/** Rows of another table (hdmf-common DynamicTableRegion): int64 row indices and a reference to the table. */
export class DynamicTableRegion extends VectorData {
  constructor(args: DynamicTableRegionArgs) {
    checkArgs('DynamicTableRegion', args, ['description', 'data', 'table'], ['description', 'data'], ['description']);
    super({ name: args.name, description: args.description, data: args.data }, 'DynamicTableRegion');
    const d = this.get('data');
    if (Array.isArray(d) || isTypedArray(d))
      for (const v of Array.from(d as ArrayLike<unknown>))
        if (!isInteger(v) || toIndex(v) < 0) throw new TypeError(`DynamicTableRegion '${this.name}': data must be non-negative integer row indices; got ${String(v)}`);
    if (args.table !== undefined) this.table = args.table;
  }

  /** The table the indices point into. Can be set once. */
  get table(): DynamicTable | undefined {
    return this.get('@table') as DynamicTable | undefined;
  }

  set table(t: DynamicTable | undefined) {
    if (t === undefined) return;
    if (!(t instanceof DynamicTable)) throw new TypeError(`DynamicTableRegion '${this.name}': table must be a DynamicTable`);
    const cur = this.get('@table');
    if (cur !== undefined && cur !== null && cur !== t) throw new TypeError(`DynamicTableRegion '${this.name}': its table is already set`);
    const d = this.get('data');
    if (Array.isArray(d) || isTypedArray(d)) {
      const n = t.length;
      for (const v of Array.from(d as ArrayLike<unknown>))
        if (toIndex(v) >= n) throw new RangeError(`DynamicTableRegion '${this.name}': index ${String(v)} is out of range for ${t.describe()} of length ${n}`);
    }
    this.set('@table', t);
  }

  /** The row of the table that element i points to. */
  row(i: number): Record<string, unknown> {
    const t = this.table;
    if (!t) throw new RangeError(`DynamicTableRegion '${this.name}' has no table`);
    return t.row(toIndex(this.get(i)));
  }
}

/** The `timeseries` column of TimeIntervals (core TimeSeriesReferenceVectorData): { idx_start, count, timeseries }. */
export class TimeSeriesReferenceVectorData extends VectorData {
  constructor(args: { name?: string; description?: string; data?: unknown } = {}) {
    checkArgs('TimeSeriesReferenceVectorData', args, ['description', 'data'], [], ['description']);
    super({
      name: args.name ?? 'timeseries',
      description: args.description ?? 'Column storing references to a TimeSeries (rows). For each TimeSeries this VectorData column stores the start_index and count to indicate the range in time to be selected as well as an object reference to the TimeSeries.',
      data: args.data,
    }, 'TimeSeriesReferenceVectorData', 'core');
  }
}

// ----------------------------------------------------------------------------------------------- table

/** A column predefined by a table class (HDMF's __columns__). */
export interface ColumnSpec {
  name: string;
  description: string;
  /** Ragged levels: 1 (one index), 2 (doubly ragged). */
  index?: number;
  /** A region of another table. */
  table?: boolean;
  /** Created with the table. */
  required?: boolean;
  /** The column type (default VectorData). */
  cls?: 'TimeSeriesReferenceVectorData';
}

export interface AddColumnArgs {
  name: string;
  description: string;
  /** The values of the rows already in the table; for a ragged column, one array per row. */
  data?: unknown;
  /** true or 1: a ragged column (2: doubly ragged), `data` one array per row; or the cumulative end offsets
   *  when `data` is given flat. */
  index?: boolean | number | number[];
  /** A region column: row indices into this table. */
  table?: DynamicTable | boolean;
}

export interface DynamicTableArgs {
  name: string;
  description: string;
  /** Row ids (default 0..n-1). */
  id?: unknown;
  /** Columns with their data, index columns included. */
  columns?: VectorData[];
  /** The order of the columns (default: the order of `columns`, index columns left out). */
  colnames?: string[];
}

let builtinCatalog: NamespaceCatalog | null = null;
const namedCache = new Map<string, Set<string>>();

/** The typed dataset places a table type's spec names (Units: spike_times, ...), which hold columns by name. */
function namedPlaces(type: string): Set<string> {
  let s = namedCache.get(type);
  if (s) return s;
  s = new Set();
  builtinCatalog ??= NamespaceCatalog.builtin();
  if (builtinCatalog.has(type)) {
    const spec = builtinCatalog.resolve(type).spec as GroupSpec;
    for (const d of spec.datasets ?? []) if (d.name && memberType(d) && d.name !== 'id') s.add(d.name);
  }
  namedCache.set(type, s);
  return s;
}

/** A checked value of a row for one column, to be appended once every value has been checked. */
interface CellPlan {
  column: string;
  value: unknown;
}

/** A column-based table (hdmf-common DynamicTable), with HDMF's verbs. */
export class DynamicTable extends Container {
  /** Columns the class predefines (created on first use, or with the table when required). */
  static readonly predefinedColumns: readonly ColumnSpec[] = [];
  declare description: string;

  constructor(args: DynamicTableArgs, type = 'DynamicTable', namespace = 'hdmf-common') {
    super(type, (args as { name?: string } | undefined)?.name as string, namespace);
    checkArgs(type, args, ['description', 'id', 'columns', 'colnames'], ['description'], ['description']);
    this.set('@description', args.description);
    const columns = args.columns ?? [];
    if (!Array.isArray(columns)) throw new TypeError(`${type} '${this.name}': columns must be an array of VectorData`);
    for (const c of columns) if (!(c instanceof VectorData)) throw new TypeError(`${type} '${this.name}': columns must be VectorData, VectorIndex or DynamicTableRegion objects`);
    const names = columns.map((c) => c.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== undefined) throw new RangeError(`${type} '${this.name}': 'columns' contains columns with duplicate names ('${dup}')`);
    if (names.includes('id')) throw new RangeError(`${type} '${this.name}': a column cannot be named 'id'`);
    // Index columns: their targets must be given too; the top-level columns are those no index targets.
    const indexed = new Set<VectorData>();
    for (const c of columns) {
      if (!(c instanceof VectorIndex)) continue;
      const t = c.get('@target') as VectorData;
      if (!columns.includes(t)) throw new RangeError(`${type} '${this.name}': found VectorIndex '${c.name}' but not its target '${t.name}'`);
      if (indexed.has(t)) throw new RangeError(`${type} '${this.name}': 'columns' contains two indexes of '${t.name}'`);
      indexed.add(t);
    }
    const outer = (c: VectorData): VectorData => {
      const idx = columns.find((x) => x instanceof VectorIndex && x.get('@target') === c);
      return idx ? outer(idx) : c;
    };
    const dataCols = columns.filter((c) => !(c instanceof VectorIndex));
    const lengths = dataCols.map((c) => ({ name: c.name, n: outer(c).length }));
    if (lengths.some((l) => l.n !== lengths[0].n))
      throw new RangeError(`${type} '${this.name}': columns must be the same length (${lengths.map((l) => `${l.name}: ${l.n}`).join(', ')})`);
    const rows = lengths.length ? lengths[0].n : 0;
    let ids: ElementIdentifiers;
    if (args.id instanceof ElementIdentifiers) ids = args.id;
    else if (args.id !== undefined && args.id !== null) ids = new ElementIdentifiers({ data: args.id });
    else {
      const n: number[] = [];
      for (let i = 0; i < rows; i++) n.push(i);
      ids = new ElementIdentifiers({ data: own(n) });
    }
    if (lengths.length && ids.length !== rows)
      throw new RangeError(`${type} '${this.name}': ${ids.length} ids for ${rows} rows (must provide the same number of ids as rows of the columns)`);
    let colnames = dataCols.map((c) => c.name);
    if (args.colnames !== undefined) {
      if (!Array.isArray(args.colnames) || args.colnames.some((c) => typeof c !== 'string')) throw new TypeError(`${type} '${this.name}': colnames must be an array of strings`);
      const given = new Set(args.colnames);
      if (given.size !== args.colnames.length || given.size !== colnames.length || colnames.some((c) => !given.has(c)))
        throw new RangeError(`${type} '${this.name}': colnames [${args.colnames.join(', ')}] must name each column once (columns: ${colnames.join(', ')})`);
      colnames = args.colnames.slice();
    }
    this.set('id', ids);
    for (const c of columns) this.placeColumn(c);
    this.set('@colnames', own(colnames));
    for (const spec of this.predefined()) if (spec.required && !this.hasColumn(spec.name)) this.addPredefined(spec);
  }

  /** @internal the class's predefined columns. */
  predefined(): readonly ColumnSpec[] {
    return (this.constructor as typeof DynamicTable).predefinedColumns ?? [];
  }

  private placeColumn(c: VectorData): void {
    if (namedPlaces(this.neurodataType).has(c.name)) {
      if (this.fields.get(c.name) instanceof Container) throw new RangeError(`${this.describe()} already has a column '${c.name}'`);
      this.set(c.name, c);
    } else this.addChild('*', c);
  }

  /** Every column by name, index columns included. */
  private columnMap(): Map<string, VectorData> {
    const m = new Map<string, VectorData>();
    for (const [place, v] of this.fields) if (v instanceof VectorData && !/[@/*]/.test(place)) m.set(place, v);
    const kids = this.fields.get('*');
    if (kids instanceof Map) for (const [n, v] of kids as Map<string, Container>) if (v instanceof VectorData) m.set(n, v);
    return m;
  }

  /** The column names in order (index columns not included). */
  get colnames(): string[] {
    const c = this.get('@colnames');
    return c === undefined || c === null ? [] : (rowsOf(c) as string[]);
  }

  /** The row ids. */
  get id(): ElementIdentifiers {
    const id = super.get('id') as ElementIdentifiers | undefined;
    // (a table read from a file whose id dataset was deleted)
    if (id === undefined) throw new RangeError(`${this.describe()} has no id column (it is missing from the file)`);
    return id;
  }

  /** Every column, index columns included (in colnames order, each index before its column). */
  get columns(): VectorData[] {
    const out: VectorData[] = [];
    for (const n of this.colnames) {
      out.push(...this.indexChain(n));
      const c = this.getColumn(n);
      if (c) out.push(c);
    }
    return out;
  }

  /** The number of rows. */
  get length(): number {
    return lengthOf(this.id.get('data'));
  }

  /** True when the table has a column (or index column) of this name. */
  hasColumn(name: string): boolean {
    return this.columnMap().has(name);
  }

  /** A column (the data column of a ragged column; its index is getIndex(name)), or undefined. */
  getColumn(name: string): VectorData | undefined {
    return this.columnMap().get(name);
  }

  /** The outermost index of a ragged column, or undefined. */
  getIndex(name: string): VectorIndex | undefined {
    return this.indexChain(name)[0];
  }

  /** The indexes of a column, outermost first. */
  indexChain(name: string): VectorIndex[] {
    return this.chainIn(this.columnMap(), name);
  }

  /** indexChain() over a columnMap() already at hand. */
  private chainIn(m: Map<string, VectorData>, name: string): VectorIndex[] {
    const cols = [...m.values()];
    const chain: VectorIndex[] = [];
    let target: VectorData | undefined = m.get(name);
    while (target) {
      const t: VectorData = target;
      const idx = cols.find((c): c is VectorIndex => c instanceof VectorIndex && c.get('@target') === t);
      if (idx) chain.unshift(idx);
      target = idx;
    }
    return chain;
  }

  /**
   * get(row): the row as { id, column: value, ... } (ragged cells as arrays, regions as row indices);
   * get(place): the value at a spec place, or a column by name.
   */
  get(key: string): unknown;
  get(row: number): Record<string, unknown>;
  get(key: string | number): unknown {
    if (typeof key === 'number') return this.row(key);
    const v = super.get(key);
    if (v !== undefined || /[@/*]/.test(key)) return v;
    const kids = this.fields.get('*');
    return kids instanceof Map ? (kids as Map<string, Container>).get(key) : undefined;
  }

  /** One row as { id, column: value, ... }. */
  row(i: number): Record<string, unknown> {
    const n = this.length;
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`row ${i} is out of range for ${this.describe()} (length ${n})`);
    // Only row i is read (as toRows() would give it); data that is not as expected takes toRows() itself.
    const idData = this.id.get('data');
    if (!rangeable(idData)) return this.toRows()[i];
    const out: Record<string, unknown> = { id: toId(rowsIn(idData, i, i + 1)[0]) };
    const cols = this.columnMap();
    for (const name of this.colnames) {
      const col = cols.get(name);
      if (!col) continue;
      const c = this.cellAt(this.chainIn(cols, name), col, i);
      if (!c) return this.toRows()[i];
      out[name] = c.value;
    }
    return out;
  }

  /** @internal row(i)[name], reading only that cell. */
  _cell(i: number, name: string): unknown {
    const n = this.length;
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`row ${i} is out of range for ${this.describe()} (length ${n})`);
    const cols = this.columnMap();
    const listed = this.colnames.includes(name);
    const col = listed ? cols.get(name) : undefined;
    if (listed && !col) throw new RangeError(`column '${name}' of ${this.describe()} is missing from the file (see the IO's brokenLinks())`);
    if (!col) return this.row(i)[name];
    const c = this.cellAt(this.chainIn(cols, name), col, i);
    return c ? c.value : this.toRows()[i][name];
  }

  /**
   * The cell of column `name` at row i as toRows() builds it, reading only the index entries and values it
   * needs; null when the data is not as expected (not ascending, too short, ...): toRows() then decides.
   */
  private cellAt(chain: VectorIndex[], col: VectorData, i: number): { value: unknown } | null {
    const map: ((x: unknown) => unknown) | null = col instanceof DynamicTableRegion ? (x: unknown) => toIndex(x)
      : col instanceof TimeSeriesReferenceVectorData ? (x: unknown) => {
        const r = x as Record<string, unknown>;
        return { idx_start: toIndex(r.idx_start), count: toIndex(r.count), timeseries: r.timeseries };
      } : null;
    // The cells of rows [r0, r1) at index level `level` (the column's values below the last level).
    const cells = (level: number, r0: number, r1: number): unknown[] | null => {
      const data = level === chain.length ? col.get('data') : chain[level].get('data');
      if (!rangeable(data)) return null;
      if (level === chain.length) {
        const v = rowsIn(data, r0, r1);
        if (v.length !== r1 - r0) return null;
        return map ? v.map(map) : v;
      }
      const from = r0 === 0 ? 0 : r0 - 1;
      const e = rowsIn(data, from, r1).map(toIndex);
      if (e.length !== r1 - from) return null;
      const ends = r0 === 0 ? e : e.slice(1);
      const first = r0 === 0 ? 0 : e[0];
      let a = first;
      for (const b of ends) {
        if (!Number.isInteger(a) || !Number.isInteger(b) || b < a) return null;
        a = b;
      }
      const inner = cells(level + 1, first, a);
      if (!inner) return null;
      if (ends.length === 1) return [inner]; // one row: its cells are all of inner (a new array)
      const out: unknown[] = [];
      let s = first;
      for (const b of ends) {
        out.push(inner.slice(s - first, b - first));
        s = b;
      }
      return out;
    };
    const c = cells(0, i, i + 1);
    return c ? { value: c[0] } : null;
  }

  /** Every row as { id, column: value, ... } (ragged cells as arrays, regions as row indices). */
  toRows(): Record<string, unknown>[] {
    const n = this.length;
    const ids = this.id.values();
    const out: Record<string, unknown>[] = Array.from({ length: n }, (_, i) => ({ id: ids[i] }));
    for (const name of this.colnames) {
      const col = this.getColumn(name);
      if (!col) continue;
      const chain = this.indexChain(name);
      let values = rowsOf(col.get('data'));
      if (col instanceof DynamicTableRegion) values = values.map(toIndex);
      else if (col instanceof TimeSeriesReferenceVectorData)
        values = values.map((x) => {
          const r = x as Record<string, unknown>;
          return { idx_start: toIndex(r.idx_start), count: toIndex(r.count), timeseries: r.timeseries };
        });
      const levels = chain.map((ix) => rowsOf(ix.get('data')).map(toIndex));
      const cell = (level: number, r: number): unknown => {
        if (level === levels.length) return values[r];
        const ends = levels[level];
        const start = r === 0 ? 0 : ends[r - 1];
        const cellOut: unknown[] = [];
        for (let j = start; j < ends[r]; j++) cellOut.push(cell(level + 1, j));
        return cellOut;
      };
      for (let r = 0; r < n; r++) out[r][name] = cell(0, r);
    }
    return out;
  }

  /**
   * Adds a column. `data` holds the values of the rows already in the table (one array per row for a ragged
   * column); `index: true` makes a ragged column (with a `<name>_index` VectorIndex), `table` a region column.
   */
  addColumn(args: AddColumnArgs): VectorData {
    const a = checkArgs(`${this.neurodataType} '${this.name}' addColumn`, args, ['description', 'data', 'index', 'table'], ['name', 'description'], ['name', 'description']);
    const name = args.name;
    const where = `${this.describe()}`;
    if (name === 'id' || name.includes('/') || name.length === 0) throw new RangeError(`${where}: '${name}' cannot be a column name`);
    if (this.hasColumn(name) || this.colnames.includes(name)) throw new RangeError(`column '${name}' already exists in ${where}`);
    const spec = this.predefined().find((s) => s.name === name);
    let index = a.index as AddColumnArgs['index'];
    let table = a.table as AddColumnArgs['table'];
    if (index === undefined && spec?.index) index = spec.index;
    if (table === undefined && spec?.table) table = true;
    if (table !== undefined && typeof table !== 'boolean' && !(table instanceof DynamicTable))
      throw new TypeError(`${where}: table must be a DynamicTable (or true)`);
    const levels = index === true ? 1 : typeof index === 'number' ? index : index === false || index === undefined ? 0 : -1;
    if (levels > 2 || (levels === -1 && !isArrayLike(index))) throw new TypeError(`${where}: index must be true, 1, 2 or an array of end offsets`);
    for (const n of [`${name}_index`, `${name}_index_index`].slice(0, Math.max(levels, levels === -1 ? 1 : 0)))
      if (this.hasColumn(n)) throw new RangeError(`column '${n}' already exists in ${where}`);

    // The flat data and the index levels (outermost first).
    let flat: unknown = args.data;
    const ends: number[][] = [];
    if (levels === -1) {
      const e = Array.from(index as ArrayLike<unknown>).map(toIndex);
      ends.push(e);
    } else if (levels > 0 && args.data !== undefined) {
      let cur: unknown[] = rowsOf(args.data);
      for (let l = 0; l < levels; l++) {
        const e: number[] = [];
        const next: unknown[] = [];
        for (const cell of cur) {
          if (!isArrayLike(cell)) throw new TypeError(`${where}: column '${name}' is ragged: each row must be an array`);
          for (const x of Array.from(cell)) next.push(x);
          e.push(next.length);
        }
        ends.push(e);
        cur = next;
      }
      flat = own(cur);
    } else if (levels > 0) {
      for (let l = 0; l < levels; l++) ends.push([]);
    }
    let col: VectorData;
    if (table !== undefined && table !== false) {
      col = new DynamicTableRegion({ name, description: args.description, data: flat ?? own([]) });
      if (table instanceof DynamicTable) (col as DynamicTableRegion).table = table;
    } else if (spec?.cls === 'TimeSeriesReferenceVectorData') col = new TimeSeriesReferenceVectorData({ name, description: args.description, data: flat });
    else col = new VectorData({ name, description: args.description, data: flat });
    // Index columns, innermost first (each targets the one below it).
    const indexes: VectorIndex[] = [];
    let target: VectorData = col;
    for (let l = ends.length - 1; l >= 0; l--) {
      const ix = new VectorIndex({ name: `${name}${'_index'.repeat(ends.length - l)}`, data: own(ends[l]), target });
      indexes.push(ix);
      target = ix;
    }
    const rows = target.length;
    if (rows !== this.length) throw new RangeError(`${where}: column '${name}' has ${rows} rows, the table ${this.length} (a column must have the same number of rows as 'id')`);
    this.placeColumn(col);
    for (const ix of indexes) this.placeColumn(ix);
    this.set('@colnames', own([...this.colnames, name]));
    return col;
  }

  private addPredefined(spec: ColumnSpec): VectorData {
    return this.addColumn({ name: spec.name, description: spec.description, index: spec.index ?? false, table: spec.table ?? false });
  }

  /**
   * Adds a row: one value per column (an array for a ragged column, row indices for a region column). `id`
   * defaults to the row number; with `enforceUniqueId` an id already in the table is refused. Values for
   * columns the class predefines (e.g. Units spike_times) create those columns on first use. Nothing changes
   * when the row is refused.
   */
  addRow(values: Record<string, unknown>): void {
    if (typeof values !== 'object' || values === null || Array.isArray(values)) throw new TypeError(`${this.describe()}: addRow takes an object of column values`);
    const { id, enforceUniqueId, ...data } = values as Record<string, unknown> & { id?: unknown; enforceUniqueId?: unknown };
    const where = this.describe();
    const given = Object.keys(data).filter((k) => data[k] !== undefined && data[k] !== null);
    const colnames = this.colnames;
    const extra = given.filter((k) => !colnames.includes(k));
    const toAdd: ColumnSpec[] = [];
    for (const spec of this.predefined()) {
      const i = extra.indexOf(spec.name);
      if (i >= 0) {
        toAdd.push(spec);
        extra.splice(i, 1);
      }
    }
    const missing = colnames.filter((c) => !given.includes(c));
    if (extra.length || missing.length) {
      const parts = [];
      if (extra.length) parts.push(`unknown column${extra.length > 1 ? 's' : ''} ${extra.map((x) => `'${x}'`).join(', ')}`);
      if (missing.length) parts.push(`missing value${missing.length > 1 ? 's' : ''} for ${missing.map((x) => `'${x}'`).join(', ')}`);
      throw new RangeError(`${where}: row data keys don't match the columns: ${parts.join('; ')}`);
    }
    if (toAdd.length && this.length > 0)
      throw new RangeError(`${where}: cannot add column${toAdd.length > 1 ? 's' : ''} ${toAdd.map((s) => `'${s.name}'`).join(', ')} to a table that already has rows`);
    const rowId = id ?? this.length;
    if (!isInteger(rowId)) throw new TypeError(`${where}: id must be an integer; got ${String(rowId)}`);
    if (enforceUniqueId !== undefined && typeof enforceUniqueId !== 'boolean') throw new TypeError(`${where}: enforceUniqueId must be a boolean`);
    if (enforceUniqueId && this.id.values().includes(toId(rowId))) throw new RangeError(`${where}: id ${String(rowId)} already in the table`);

    // Check every value before anything changes.
    const plans: CellPlan[] = [];
    for (const name of [...colnames, ...toAdd.map((s) => s.name)]) {
      const spec = toAdd.find((s) => s.name === name);
      const col = spec ? undefined : this.getColumn(name);
      const levels = spec ? spec.index ?? 0 : this.indexChain(name).length;
      const region = spec ? spec.table === true : col instanceof DynamicTableRegion;
      const regionTable = col instanceof DynamicTableRegion ? col.table : undefined;
      const sample = col && !region ? firstLeaf(col) : undefined;
      this.checkCell(name, data[name], levels, region, regionTable, sample);
      plans.push({ column: name, value: data[name] });
    }
    for (const spec of toAdd) this.addPredefined(spec);
    for (const p of plans) this.appendCell(p.column, p.value);
    this.id._appendId(rowId);
    this.markModified();
  }

  private checkCell(name: string, value: unknown, levels: number, region: boolean, table: DynamicTable | undefined, sample: unknown): void {
    const where = `${this.describe()} column '${name}'`;
    const leaf = (v: unknown) => {
      if (v === undefined || v === null) throw new TypeError(`${where}: missing value`);
      if (region) {
        if (!isInteger(v) || toIndex(v) < 0) throw new TypeError(`${where}: row indices must be non-negative integers; got ${String(v)}`);
        if (table && toIndex(v) >= table.length) throw new RangeError(`${where}: index ${String(v)} is out of range for ${table.describe()} of length ${table.length}`);
        return;
      }
      if (sample !== undefined) {
        const k = kindOf(v);
        const ks = kindOf(sample);
        if (k !== ks) throw new TypeError(`${where} holds ${ks} values; got ${k}`);
        if (k === 'array') {
          const s1 = shapeOf(v) ?? [];
          const s0 = shapeOf(sample) ?? [];
          if (s1.length !== s0.length || s1.some((x, i) => x !== s0[i])) throw new RangeError(`${where} holds cells of shape [${s0}]; got [${s1}]`);
        }
      }
    };
    const walk = (level: number, v: unknown) => {
      if (level === levels) return leaf(v);
      if (!isArrayLike(v)) throw new TypeError(`${where} is ragged: give an array of values${levels > 1 ? ' (of arrays)' : ''}; got ${typeof v}`);
      for (const x of Array.from(v)) walk(level + 1, x);
    };
    walk(0, value);
  }

  private appendCell(name: string, value: unknown): void {
    const col = this.getColumn(name)!;
    const chain = this.indexChain(name);
    const leaves: unknown[] = [];
    // Ends per level, computed against the lengths the columns will have.
    const lengths = chain.map((ix) => (ix.get('@target') as VectorData).length);
    const newEnds: number[][] = chain.map(() => []);
    const walk = (level: number, v: unknown) => {
      if (level === chain.length) {
        leaves.push(v);
        return;
      }
      const items = Array.from(v as ArrayLike<unknown>);
      for (const x of items) walk(level + 1, x);
      // The target of index `level` grows by one entry (or value) per item.
      lengths[level] += items.length;
      newEnds[level].push(lengths[level]);
    };
    walk(0, value);
    col._append(leaves);
    for (let l = chain.length - 1; l >= 0; l--) chain[l]._append(newEnds[l]);
  }

  /** A region of this table (PyNWB/HDMF create_region). */
  createRegion(args: { name: string; region: number[]; description: string }): DynamicTableRegion {
    checkArgs(`${this.describe()} createRegion`, args, ['region', 'description'], ['name', 'region', 'description'], ['description']);
    const n = this.length;
    for (const i of args.region)
      if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`the index ${i} is out of range for ${this.describe()} of length ${n}`);
    return new DynamicTableRegion({ name: args.name, description: args.description, data: own(args.region.slice()), table: this });
  }

  /** A row by its id (not its position), or undefined. */
  rowById(id: number | bigint): Record<string, unknown> | undefined {
    const i = this.id.values().indexOf(toId(id));
    return i < 0 ? undefined : this.row(i);
  }
}
defineProps(DynamicTable, { description: '@description' });

function kindOf(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  if (v instanceof Container) return 'NWB object';
  if (isArrayLike(v) || isNdArray(v)) return 'array';
  return typeof v;
}

/** The first value of a column's data, when it is at hand (not read from a file). */
function firstLeaf(col: VectorData): unknown {
  const d = col.get('data');
  if (Array.isArray(d)) return d.length ? d[0] : undefined;
  if (isTypedArray(d)) return (d as ArrayLike<unknown>).length ? (d as ArrayLike<unknown>)[0] : undefined;
  if (isNdArray(d) && d.shape.length > 1 && d.shape[0] > 0) return rowsOf(d)[0];
  if (isNdArray(d) && d.shape[0] > 0) return (d.data as ArrayLike<unknown>)[0];
  return undefined;
}
