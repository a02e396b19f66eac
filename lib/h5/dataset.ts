/** Datasets: shape and type facts, reads and writes by selection, resize and append, chunk-level I/O. */
import * as v8 from 'v8';
import * as zlib from 'zlib';
import { native, NativeDatasetInfo, NativeHandle, NativeSelection, TypeDesc } from '../binding';
import { DTypeKind, isTypedArray, kindOf, shrinkable, sizeOf, typedArrayFor, TypedArray, isBoolEnum } from './dtype';
import { allocate, normalize, product, toNative, NdArray } from './data';
import { ErrorCodes, h5error } from '../errors';
import type { File } from './file';
import { H5Object } from './object';
import { Hyperslab, resolveSelection, SelectionLike, snapshotSelection } from './selection';
import { encodeRefs, fromNativeValues, hasRefs, toNativeRefs } from './values';

export type Compression = 'gzip' | 'szip' | null;

/**
 * TypedArrays of at most this many bytes may be read or written inline by the async twins (see the README's
 * threading model): handing such an operation to the I/O thread costs a few us even with polling, several times the work.
 */
const INLINE_MAX_BYTES = 64 * 1024;

/**
 * The numbers of a plain { start, count } on their way to the addon: start, then count, written just before a
 * datasetReadSlab… call, which reads them all with one N-API call during the call (no JS runs in between, so one
 * array serves every dataset of this thread).
 */
const SLAB = new Float64Array(64);

/**
 * Copies a plain hyperslab's start and count into SLAB; returns the rank, or -1 when the selection has other
 * keys or they are not two arrays of numbers of one length from 1 to 32 (the general path then resolves the
 * selection, with its messages). Whether the numbers are integers >= 0, the rank and the bounds are checked by
 * the addon.
 */
function packSlab(selection: object): number {
  if (Object.keys(selection).length !== 2) return -1;
  const { start, count } = selection as Hyperslab;
  if (!Array.isArray(start) || !Array.isArray(count)) return -1;
  const n = start.length;
  if (n === 0 || n > 32 || count.length !== n) return -1;
  for (let i = 0; i < n; i++) {
    const a = start[i];
    const b = count[i];
    if (typeof a !== 'number' || typeof b !== 'number') return -1;
    SLAB[i] = a;
    SLAB[n + i] = b;
  }
  return n;
}

/** Chunk facts from `dataset.chunkInfo()`. */
export interface ChunkInfo {
  offset: number[];
  filterMask: number;
  address: number;
  size: number;
}

/**
 * Values that are not numbers (strings, compounds, references...) come back as a JS array, which lives on the V8
 * heap: a read that cannot fit there would end the process (V8 aborts when its heap is exhausted), so it is a
 * RangeError first. The estimate is a floor (8 bytes per array slot; the values themselves take more).
 */
function checkValueCount(count: number, what: string, perValue = 8): void {
  const limit = 2 ** 32 - 1; // the longest JS array
  const heap = v8.getHeapStatistics();
  const room = heap.heap_size_limit - heap.used_heap_size;
  if (count > limit || count * perValue > room)
    throw new RangeError(
      `reading ${count} values of ${what} needs a JS array larger than the heap allows (${Math.floor(room / 2 ** 20)} MiB free); read a selection of it`,
    );
}

export class Dataset extends H5Object {
  private _info: NativeDatasetInfo | undefined;
  private _Ctor: (new (n: number) => TypedArray) | null | undefined;
  // The append path keeps the last known shape to avoid a native round trip per call.
  private _shape: number[] | undefined;
  // The TypedArray class last accepted by append() without conversion.
  private _appendCtor: unknown = null;
  // The last appendAsync issued: the next one starts after it (issued in call order, they run in it).

  /** @internal */
  constructor(handle: NativeHandle, file: File, name: string) {
    super(handle, file, name);
  }

  /** @internal creation and layout facts (cached: they never change for an open dataset) */
  get _facts(): NativeDatasetInfo {
    if (!this._info) this._info = native.datasetInfo(this._h);
    return this._info;
  }

  private _desc: string | undefined;

  private describe(): string {
    if (this._desc === undefined) this._desc = `dataset '${this.name}' of ${this.file.filename}`;
    return this._desc;
  }

  /** Current shape ([] for a scalar). */
  get shape(): number[] {
    const s = native.datasetShape(this._h);
    this._shape = s;
    return s.slice();
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** Number of elements (0 for an empty dataset). */
  get size(): number {
    return this.empty ? 0 : product(this.shape);
  }

  /**
   * True for a dataset without a dataspace extent (HDF5's null dataspace, h5py's `Empty`): it holds no values.
   * Its shape is [] as a scalar's, its size 0; read() gives no values and readValue() null.
   */
  get empty(): boolean {
    return this._facts.spaceClass === 'null';
  }

  /** resolveSelection against the current shape; an empty dataset has nothing to select but all of it. */
  private resolve(selection: SelectionLike | undefined, writing = false): ReturnType<typeof resolveSelection> {
    if (this.empty) {
      if (writing) throw new RangeError(`${this.describe()} is empty (a null dataspace): it holds no values to write`);
      if (selection !== undefined && selection !== null)
        throw new RangeError(`${this.describe()} is empty (a null dataspace): there is nothing to select`);
      return { native: null, shape: [], count: 0 };
    }
    return resolveSelection(selection, this.shape, this.describe());
  }

  /** Maximum shape: null entries are unlimited. */
  get maxshape(): (number | null)[] {
    return native.datasetInfo(this._h).maxshape;
  }

  /** The datatype's simple name ('int16', 'float64', 'string', 'bool', 'ref', 'compound', ...). */
  get dtype(): DTypeKind {
    return kindOf(this._facts.dtype);
  }

  /** The full datatype descriptor (byte order, string encoding and length, compound fields, ...). */
  get dtypeInfo(): TypeDesc {
    return this._facts.dtype;
  }

  /** Chunk shape, or null for contiguous and compact datasets. */
  get chunks(): number[] | null {
    return this._facts.chunks;
  }

  get layout(): NativeDatasetInfo['layout'] {
    return this._facts.layout;
  }

  /** 'gzip', 'szip' or null, as h5py reports. */
  get compression(): Compression {
    for (const f of this._facts.filters) {
      if (f.id === 1) return 'gzip';
      if (f.id === 4) return 'szip';
    }
    return null;
  }

  /**
   * The gzip level, or szip's `{ coding, pixelsPerBlock }` (the form createDataset's `szip` option takes; h5py
   * gives ('ec', 16)); null when not compressed.
   */
  get compressionOpts(): number | { coding: 'ec' | 'nn'; pixelsPerBlock: number } | null {
    for (const f of this._facts.filters) {
      if (f.id === 1) return f.values[0] ?? null;
      // (szip's first value is its options mask, where 32 marks nearest-neighbour coding; the second the block)
      if (f.id === 4 && f.values.length >= 2) return { coding: (f.values[0] & 32) !== 0 ? 'nn' : 'ec', pixelsPerBlock: f.values[1] };
    }
    return null;
  }

  get shuffle(): boolean {
    return this._facts.filters.some((f) => f.id === 2);
  }

  get fletcher32(): boolean {
    return this._facts.filters.some((f) => f.id === 3);
  }

  /** Every filter in pipeline order. */
  get filters(): NativeDatasetInfo['filters'] {
    return this._facts.filters;
  }

  /** The fill value set at creation, or null. */
  get fillValue(): unknown {
    const v = this._facts.fillValue;
    // bool as h5py reports it (True/False), and as attributes read
    return isBoolEnum(this._facts.dtype) && v !== null ? v !== 0 : v;
  }

  /** Chunk cache in use: slots, bytes, w0. */
  get chunkCache(): NativeDatasetInfo['chunkCache'] {
    return this._facts.chunkCache;
  }

  /** Bytes the data occupies in the file. */
  get storageSize(): number {
    return native.datasetInfo(this._h).storageSize;
  }

  private ctor(): (new (n: number) => TypedArray) | null {
    if (this._Ctor === undefined) this._Ctor = typedArrayFor(this._facts.dtype) as (new (n: number) => TypedArray) | null;
    return this._Ctor;
  }

  private prepareRead(selection: SelectionLike) {
    const r = this.resolve(selection);
    const Ctor = this.ctor();
    // Values that are JS objects or strings cost more than their slot: a 24-character string keeps ~48 bytes of
    // heap, and about twice that while the read builds its array (measured: a million of them abort a 96 MiB heap).
    const k = this._facts.dtype.class;
    if (!Ctor) checkValueCount(r.count, this.describe(), k === 'string' || k === 'compound' || k === 'vlen' ? 128 : 8);
    const out = Ctor ? allocate(Ctor, r.count, `reading ${this.describe()}`) : undefined;
    return { r, out };
  }

  private finishRead(r: { shape: number[] }, out: TypedArray | undefined, values: unknown[] | undefined): NdArray {
    const desc = this._facts.dtype;
    let data: TypedArray | unknown[] = out ?? (values as unknown[]);
    if (hasRefs(desc)) data = fromNativeValues(data, desc, this.file, this);
    return { data, shape: r.shape };
  }

  /**
   * Reads the whole dataset, or a selection of it, into a new TypedArray (numeric types; BigInt64Array for
   * 64-bit integers; Uint8Array of 0/1 for bool) or an array of values (strings, compounds, references).
   */
  read(selection?: SelectionLike): NdArray {
    const { r, out } = this.prepareRead(selection);
    const values = native.datasetRead(this._h, r.native, out);
    return this.finishRead(r, out, values);
  }

  /** read() on the addon's I/O thread; the event loop keeps running meanwhile. */
  readAsync(selection?: SelectionLike): Promise<NdArray> {
    try {
      const file = this.file;
      if (!file._idle()) {
        // Behind operations still pending on the file, the selection is resolved when the read starts, so that
        // it sees the rows that appends issued before it add.
        let prepared: ReturnType<Dataset['prepareRead']>;
        const later = snapshotSelection(selection);
        return file._enqueue(() => {
          prepared = this.prepareRead(later);
          return native.datasetReadAsync(this._h, prepared.r.native, prepared.out);
        }).then((values) => this.finishRead(prepared.r, prepared.out, values));
      }
      const { r, out } = this.prepareRead(selection);
      if (out !== undefined && out.byteLength <= INLINE_MAX_BYTES && file._idle()) {
        try {
          if (native.datasetReadNow(this._h, r.native, out) !== null) return file._settled(this.finishRead(r, out, undefined));
        } catch (e) {
          return file._track(Promise.reject(e));
        }
      }
      return this.file._enqueue(() => native.datasetReadAsync(this._h, r.native, out)).then((values) => this.finishRead(r, out, values));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** Reads into a caller-owned TypedArray (no allocation), which must match the selection's size. */
  readInto(out: TypedArray, selection?: SelectionLike): TypedArray {
    if (selection === undefined || selection === null) {
      // The whole dataset: the addon checks that the array holds exactly that many elements (RangeError).
      if (!isTypedArray(out)) throw new TypeError('readInto needs a TypedArray');
      native.datasetRead(this._h, null, out);
      return out;
    }
    if (typeof selection === 'object' && !Array.isArray(selection)) {
      // A plain { start, count }: the addon makes resolveSelection's checks against the extent it keeps, with
      // the same errors (few steps here: they run in the interpreter until the JIT is warm).
      const n = packSlab(selection);
      if (n > 0 && native.datasetReadSlab(this._h, SLAB, n, out) !== null) return out;
    }
    const r = this.resolve(selection);
    if (!isTypedArray(out)) throw new TypeError('readInto needs a TypedArray');
    if (out.length !== r.count) throw new RangeError(`the array holds ${out.length} elements; the selection has ${r.count}`);
    native.datasetRead(this._h, r.native, out);
    return out;
  }

  readIntoAsync(out: TypedArray, selection?: SelectionLike): Promise<TypedArray> {
    // The hot path of awaited reads: a plain { start, count } into an array larger than the inline limit, checked
    // natively when it starts (against the extent at that time) with resolveSelection's messages; no JS-side
    // resolution per call. Kept small, without closures or a try block: in a fresh process V8 compiles it (and
    // again inlined into the caller's loop) while the reads run, on a core that the I/O thread shares, so every
    // node of its graph costs time there (measured with bench/, W3 async).
    if (selection !== null && typeof selection === 'object' && isTypedArray(out) && out.byteLength > INLINE_MAX_BYTES &&
        this._shape !== undefined && this._shape.length > 0 && !shrinkable(out)) {
      const n = packSlab(selection);
      if (n > 0) {
        const file = this.file;
        // Started at once on an idle file (the usual case of awaited reads), reading SLAB now. (The addon's async
        // calls report bad arguments as a rejected promise, never by throwing.)
        if (file._idle()) return file._started(native.datasetReadSlabAsync(this._h, SLAB, n, out));
        // Queued behind other operations: it takes its own copy of the numbers.
        return this.readSlabQueued(file, SLAB.slice(0, 2 * n), n, out);
      }
    }
    return this.readIntoAsyncGeneral(out, selection);
  }

  private readSlabQueued(file: File, slab: Float64Array, n: number, out: TypedArray): Promise<TypedArray> {
    const h = this._h;
    return file._enqueue(() => native.datasetReadSlabAsync(h, slab, n, out));
  }

  /** readIntoAsync for every other case. */
  private readIntoAsyncGeneral(out: TypedArray, selection?: SelectionLike): Promise<TypedArray> {
    try {
      if (!isTypedArray(out)) throw new TypeError('readInto needs a TypedArray');
      const file = this.file;
      // Behind operations still pending on the file, the selection is resolved when the read starts (it sees the
      // rows that appends issued before it add); on an idle file, now.
      const queued = !file._idle();
      const selected = queued ? snapshotSelection(selection) : selection;
      const resolveNow = (): NativeSelection | null => {
        // (the whole dataset: the addon checks the array's size, as for readInto)
        if (selected === undefined || selected === null) return null;
        const r = this.resolve(selected);
        if (out.length !== r.count) throw new RangeError(`the array holds ${out.length} elements; the selection has ${r.count}`);
        return r.native;
      };
      const sel = queued ? null : resolveNow();
      if (!queued && out.byteLength <= INLINE_MAX_BYTES) {
        try {
          if (native.datasetReadNow(this._h, sel, out) !== null) return file._settled(out);
        } catch (e) {
          return file._track(Promise.reject(e));
        }
      }
      // A buffer that may shrink while the I/O thread fills it: the read goes into an array of our own.
      const into = shrinkable(out) ? new (out.constructor as new (n: number) => TypedArray)(out.length) : out;
      const run = file._enqueue(() => native.datasetReadAsync(this._h, queued ? resolveNow() : sel, into));
      if (into === out) return run.then(() => out);
      return run.then(() => {
        if (out.length !== into.length)
          throw new RangeError(`the array given to readIntoAsync for ${this.describe()} was resized while the read ran`);
        (out as Float64Array).set(into as Float64Array);
        return out;
      });
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** The value of a scalar dataset (or the single element of a one-element dataset); null for an empty one. */
  readValue(): unknown {
    if (this.empty) return null;
    const { data } = this.read();
    if (data.length !== 1) throw new RangeError(`${this.describe()} holds ${data.length} elements, not one`);
    const v = (data as ArrayLike<unknown>)[0];
    return isBoolEnum(this._facts.dtype) ? v !== 0 : v;
  }

  private payload(data: unknown, count: number, what: string, selShape?: number[]): TypedArray | unknown[] {
    const desc = this._facts.dtype;
    let { values, shape } = normalize(data, desc);
    // Data that carries a shape (nested arrays, { data, shape }) must match the selection's shape (axes of
    // length 1 aside), as h5py refuses to broadcast (2, 2) into (4,). A flat TypedArray fills any shape.
    if (selShape && shape.length > 1 && !isTypedArray(data) && values.length === count) {
      const a = shape.filter((x) => x !== 1);
      const b = selShape.filter((x) => x !== 1);
      if (a.length !== b.length || a.some((x, i) => x !== b[i]))
        throw new RangeError(`${what}: data of shape [${shape}] does not fit the selection of shape [${selShape}]`);
    }
    if (values.length === 1 && count !== 1 && !isTypedArray(data)) {
      // A scalar is broadcast over the selection, as h5py does: converted once, then repeated in a TypedArray
      // of the dataset's type where there is one (a JS array of one slot per element would exhaust the heap).
      const one = this.payload(data, 1, what);
      const Ctor = isTypedArray(one) && !hasRefs(desc) ? (one.constructor as new (n: number) => TypedArray) : null;
      if (Ctor) {
        const out = allocate(Ctor, count, what);
        (out as unknown as { fill(v: unknown): void }).fill(one[0]);
        return out;
      }
      checkValueCount(count, this.describe());
      values = new Array(count).fill(values[0]);
    }
    if (values.length !== count)
      throw new RangeError(`${what}: got ${values.length} values for ${count} selected elements`);
    if (desc.class === 'reference') return toNativeRefs(values, this, what);
    if (hasRefs(desc)) return encodeRefs(values as unknown[], desc, this, what);
    return toNative(values, desc, what);
  }

  /** Writes the whole dataset, or a selection of it. TypedArrays are written without a copy. */
  write(data: unknown, selection?: SelectionLike): void {
    const r = this.resolve(selection, true);
    native.datasetWrite(this._h, r.native, this.payload(data, r.count, `writing ${this.describe()}`, r.shape));
  }

  /** write() on the addon's I/O thread. The data must not change until the promise settles. */
  writeAsync(data: unknown, selection?: SelectionLike): Promise<void> {
    try {
      const file = this.file;
      if (!file._idle()) {
        // Behind operations still pending on the file, the selection is resolved (and the data checked against
        // it) when the write starts, so that it sees the rows that appends issued before it add. (A buffer that
        // may shrink meanwhile is written from a copy taken now.)
        const src = isTypedArray(data) && shrinkable(data) ? data.slice() : data;
        const later = snapshotSelection(selection);
        return file._enqueue(() => {
          const q = this.resolve(later, true);
          return native.datasetWriteAsync(this._h, q.native, this.payload(src, q.count, `writing ${this.describe()}`, q.shape));
        });
      }
      const r = this.resolve(selection, true);
      const payload = this.payload(data, r.count, `writing ${this.describe()}`, r.shape);
      if (isTypedArray(payload) && payload.byteLength <= INLINE_MAX_BYTES && file._idle()) {
        try {
          if (native.datasetWriteNow(this._h, r.native, payload) !== null) return file._settled(undefined);
        } catch (e) {
          return file._track(Promise.reject(e));
        }
      }
      // (a buffer that may shrink while the I/O thread reads it is written from a copy taken now)
      const own = isTypedArray(payload) && shrinkable(payload) ? payload.slice() : payload;
      return file._enqueue(() => native.datasetWriteAsync(this._h, r.native, own));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** Changes the shape (within maxshape; the dataset must be chunked to grow). */
  resize(shape: number[]): void {
    const cur = this.shape;
    if (!Array.isArray(shape) || shape.length !== cur.length || !shape.every((x) => Number.isInteger(x) && x >= 0))
      throw new RangeError(`resize needs ${cur.length} non-negative integers`);
    const max = this.maxshape;
    shape.forEach((x, i) => {
      if (max[i] !== null && x > (max[i] as number))
        throw new RangeError(`cannot resize axis ${i} of ${this.describe()} to ${x}: maxshape is ${max[i]}`);
    });
    native.datasetResize(this._h, shape);
    this._shape = shape.slice();
  }

  private appendArgs(data: unknown, axis: number): [unknown, number] {
    let shape = this._shape ?? this.shape;
    const rank = shape.length;
    if (!Number.isInteger(axis) || axis < 0 || axis >= rank)
      throw new RangeError(`axis ${axis} is not an axis of the ${rank}-dimensional ${this.describe()}`);
    let rowElems = 1;
    for (let i = 0; i < rank; i++) if (i !== axis) rowElems *= shape[i];
    if (isTypedArray(data)) {
      const rows = rowElems === 0 ? 0 : data.length / rowElems;
      if (!Number.isInteger(rows))
        throw new RangeError(`cannot append ${data.length} elements to ${this.describe()}: rows hold ${rowElems} elements`);
      // The append path is hot: once an array class has been checked against this dataset it is passed as is.
      if (data.constructor === this._appendCtor) return [data, rows];
      if (!hasRefs(this._facts.dtype)) {
        const checked = this.checkedTyped(data);
        // Only an array of the dataset's own element type is remembered: any other kind is converted by HDF5,
        // so each one's values are checked (checkConversion), and so are float16's (carried by Float32Array).
        // (bool data is always mapped to 0/1, never passed as it is)
        const desc = this._facts.dtype;
        const Own = this.ctor();
        if (checked === data && Own && data instanceof Own && !isBoolEnum(desc) && !(desc.class === 'float' && desc.size === 2))
          this._appendCtor = data.constructor;
        return [checked, rows];
      }
    }
    const n = normalize(data, this._facts.dtype);
    let rows: number;
    if (n.values.length === 0) rows = 0; // [] is no rows, whatever the rank (not one empty row)
    else if (n.shape.length === rank) rows = n.shape[axis];
    else if (n.shape.length === rank - 1) rows = 1;
    else if (n.shape.length === 1 && rowElems > 0 && n.values.length % rowElems === 0) rows = n.values.length / rowElems;
    else throw new RangeError(`cannot append data of shape [${n.shape}] to ${this.describe()} of shape [${shape}]`);
    shape = shape.slice();
    shape[axis] = rows;
    return [this.payload(n.values, product(shape), `appending to ${this.describe()}`), rows];
  }

  private checkedTyped(data: TypedArray): TypedArray {
    const Ctor = this.ctor();
    if (!Ctor) {
      throw new TypeError(`${this.describe()} holds ${this.dtype} values; got a ${data.constructor.name}`);
    }
    return toNative(data, this._facts.dtype, `appending to ${this.describe()}`) as TypedArray;
  }

  private checkGrow(axis: number, rows: number): void {
    const max = this._facts.maxshape;
    const cur = (this._shape ?? this.shape)[axis];
    if (max[axis] !== null && cur + rows > (max[axis] as number))
      throw new RangeError(`cannot append ${rows} rows to ${this.describe()}: maxshape along axis ${axis} is ${max[axis]}`);
  }

  /**
   * Grows the dataset along `axis` and writes `data` there, in one call. `data` holds whole rows: a flat
   * TypedArray of k * (row size) elements, or nested arrays / `{ data, shape }` of one or more rows.
   * Returns the new length along the axis.
   */
  append(data: unknown, axis = 0): number {
    // The hot path (many small appends of one array class along axis 0): the addon counts the rows and checks
    // them and maxshape against the extent it holds, so only the array class is checked here (null from the
    // addon: not a TypedArray after all, left to the general path).
    if (axis === 0 && (data as { constructor?: unknown } | null | undefined)?.constructor === this._appendCtor) {
      const len = native.datasetAppend(this._h, data);
      if (len !== null) {
        const shape = this._shape;
        if (shape !== undefined) shape[0] = len;
        return len;
      }
    }
    const quick = this.quickRows(data, axis);
    if (quick >= 0) {
      const len = native.datasetAppend(this._h, data, axis, quick);
      (this._shape as number[])[axis] = len;
      return len;
    }
    const [payload, rows] = this.appendArgs(data, axis);
    this.checkGrow(axis, rows);
    const len = native.datasetAppend(this._h, payload, axis, rows);
    if (this._shape) this._shape[axis] = len;
    return len;
  }

  /**
   * Small appends along another axis than 0: the number of rows `data` holds when it is a TypedArray of a class
   * already accepted for this dataset, of whole rows along an axis whose length is known here and within
   * maxshape (the checks of appendArgs and checkGrow, in fewer steps); -1 when the general path must decide.
   */
  private quickRows(data: unknown, axis: number): number {
    const shape = this._shape;
    if (shape === undefined || data === null || typeof data !== 'object' || (data as object).constructor !== this._appendCtor) return -1;
    const rank = shape.length;
    if (!Number.isInteger(axis) || axis < 0 || axis >= rank) return -1;
    let rowElems = 1;
    for (let i = 0; i < rank; i++) if (i !== axis) rowElems *= shape[i];
    const rows = rowElems === 0 ? 0 : (data as TypedArray).length / rowElems;
    const max = this._facts.maxshape[axis];
    return Number.isInteger(rows) && (max === null || shape[axis] + rows <= max) ? rows : -1;
  }

  /** append() on the addon's I/O thread. Appends issued without awaiting run in the order they were made. */
  appendAsync(data: unknown, axis = 0): Promise<number> {
    // append()'s hot path, run inline when the file is idle (the addon refuses it, with null, when the HDF5 lock
    // is taken, the array is over the inline limit or the dataset is not one for inline work); kept small, so
    // that a caller's loop awaiting tiny appends one by one can have it compiled in place.
    if (axis === 0 && this.file._idle()) {
      let len: number | null;
      try {
        if ((data as { constructor?: unknown } | null | undefined)?.constructor !== this._appendCtor) return this.appendAsyncGeneral(data, axis);
        len = native.datasetAppendNow(this._h, data as TypedArray);
      } catch (e) {
        this._shape = undefined;
        return this.file._track(Promise.reject(e));
      }
      if (len !== null) {
        const shape = this._shape;
        if (shape !== undefined) shape[0] = len;
        return this.file._settled(len);
      }
    }
    return this.appendAsyncGeneral(data, axis);
  }

  /** appendAsync for everything else: other data, a busy file or HDF5 lock, filtered or large appends. */
  private appendAsyncGeneral(data: unknown, axis: number): Promise<number> {
    try {
      const [payload, rows] = this.appendArgs(data, axis);
      this.checkGrow(axis, rows);
      const file = this.file;
      if (isTypedArray(payload) && payload.byteLength <= INLINE_MAX_BYTES && file._idle()) {
        try {
          const len = native.datasetAppendNow(this._h, payload, axis, rows);
          if (len !== null) {
            if (this._shape) this._shape[axis] = len;
            return file._settled(len);
          }
        } catch (e) {
          this._shape = undefined;
          return file._track(Promise.reject(e));
        }
      }
      // The cached length moves now so that the next append's checks see this one.
      if (this._shape) this._shape[axis] += rows;
      // (a buffer that may shrink while the I/O thread reads it is appended from a copy taken now)
      const own = isTypedArray(payload) && shrinkable(payload) ? payload.slice() : payload;
      return file._enqueue(() => native.datasetAppendAsync(this._h, own, axis, rows)).then(
          (len) => len,
          (e) => {
            if (this._shape) this._shape = undefined;
            throw e;
          },
        );
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** SWMR readers: picks up the writer's latest metadata (shape) for this dataset. */
  refresh(): void {
    native.datasetRefresh(this._h);
    this._shape = undefined;
  }

  /** SWMR writers: makes this dataset's new data visible to readers. */
  flush(): void {
    native.datasetFlush(this._h);
  }

  /** Writes one chunk's stored bytes as they are (already filtered by the caller), at a chunk-aligned offset. */
  writeChunk(offset: number[], bytes: ArrayBufferView, options: { filterMask?: number } = {}): void {
    options ??= {};
    this.checkChunkOffset(offset);
    if (!ArrayBuffer.isView(bytes)) throw new TypeError('chunk bytes must be a Buffer or TypedArray');
    // libhdf5 1.10's H5Dwrite_chunk does not check the file's write intent: on a read-only file it fails
    // half-way and leaves dirty metadata that crashes the process at exit.
    if (!this.file.writable)
      throw h5error(ErrorCodes.READ_ONLY, `cannot write a chunk of ${this.describe()}: the file was opened read-only`, this.file.filename, this.name);
    if (typeof options !== 'object' || options === null) throw new TypeError('writeChunk options must be an object ({ filterMask })');
    for (const k of Object.keys(options))
      if (k !== 'filterMask') throw new TypeError(`unknown writeChunk option '${k}' (expected filterMask)`);
    const mask = options.filterMask ?? 0;
    if (!Number.isInteger(mask) || mask < 0 || mask > 0xffffffff) throw new RangeError('filterMask must be a 32-bit unsigned integer');
    // The chunk must decode to exactly one chunk of elements: libhdf5 does not check, and later reads run past a
    // short chunk into whatever follows it in memory or in the file (garbage values, or a crash in a filter).
    const d = this._facts.dtype;
    // (as stored: a variable-length value is a 16-byte heap id in the chunk)
    const size = (d.class === 'string' && d.vlen) || d.class === 'vlen' ? 16 : sizeOf(d);
    const want = product(this.chunks as number[]) * size;
    const got = this.decodedChunkSize(bytes, mask);
    if (got !== want)
      throw new RangeError(`a chunk of ${this.describe()} holds ${want} bytes once its filters are undone; got ${got}`);
    native.chunkWrite(this._h, offset, bytes, mask);
  }

  /**
   * The size of a chunk's stored bytes once the filters its mask does not skip are undone (in reverse order, as a
   * read does): deflate is inflated, fletcher32 drops its checksum, shuffle keeps the size. Other filters cannot
   * be undone here, so a chunk that needs one of them is refused.
   */
  private decodedChunkSize(bytes: ArrayBufferView, mask: number): number {
    const filters = this.filters;
    let buf: Uint8Array = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = filters.length - 1; i >= 0; i--) {
      if (mask & (1 << i)) continue;
      const f = filters[i];
      if (f.id === 1) {
        try {
          buf = zlib.inflateSync(buf);
        } catch (e) {
          throw new RangeError(`a chunk of ${this.describe()} does not inflate (deflate filter): ${(e as Error).message}`);
        }
      } else if (f.id === 3) {
        if (buf.byteLength < 4) throw new RangeError(`a chunk of ${this.describe()} is too short for its fletcher32 checksum`);
        buf = buf.subarray(0, buf.byteLength - 4);
      } else if (f.id !== 2) {
        throw new RangeError(
          `cannot check a chunk of ${this.describe()} through its filter ${f.name || f.id}: write it with that filter skipped in filterMask, or write the data with write()`,
        );
      }
    }
    return buf.byteLength;
  }

  /** Reads one chunk's stored bytes (still filtered) and its filter mask. */
  readChunk(offset: number[]): { data: Buffer; filterMask: number } {
    this.checkChunkOffset(offset);
    return native.chunkRead(this._h, offset);
  }

  /** Every allocated chunk: offset, filter mask, address and stored size. */
  chunkInfo(): ChunkInfo[] {
    if (!this.chunks) throw new TypeError(`${this.describe()} is not chunked`);
    return native.chunkInfo(this._h);
  }

  private checkChunkOffset(offset: number[]): void {
    const chunks = this.chunks;
    if (!chunks) throw new TypeError(`${this.describe()} is not chunked`);
    if (!Array.isArray(offset) || offset.length !== chunks.length)
      throw new RangeError(`a chunk offset needs ${chunks.length} coordinates`);
    offset.forEach((o, i) => {
      if (!Number.isInteger(o) || o < 0 || o % chunks[i] !== 0)
        throw new RangeError(`chunk offset [${offset}] is not aligned to the chunk shape [${chunks}]`);
    });
    const shape = this.shape;
    offset.forEach((o, i) => {
      if (o >= shape[i]) throw new RangeError(`chunk offset [${offset}] is outside the extent [${shape}] of ${this.describe()}`);
    });
  }

  toString(): string {
    if (!this.isOpen) return '<Closed HDF5 dataset>';
    return `<HDF5 dataset "${this.name}": shape [${this.shape}], type ${this.dtype}>`;
  }
}
