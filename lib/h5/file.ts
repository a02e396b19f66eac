/** HDF5 files: h5py's modes, drivers, close that cascades, flush, SWMR, images, and references. */
import * as path from 'path';
import { performance } from 'perf_hooks';
import { native, NativeHandle } from '../binding';
import { ErrorCode, ErrorCodes, h5error, Hdf5Error } from '../errors';
import type { Dataset } from './dataset';
import {
  checkFamilyPath, checkFileOptionValues, DriverSpec, exists, familyDirectoryMember, FileOptions, filesToTruncate, lockingInEffect, isDirectory, FILE_OPTION_KEYS, NativeAccess, normalizeDriver, primaryFile,
  suggestedMemberSize,
} from './drivers';
import { copyContent } from './copy';
import { checkOptions, Group, H5Item, wrapOpened } from './group';
import { asyncDisposeSymbol, disposeSymbol, Reference } from './object';

/** h5py's modes: r (read, must exist), r+ (read/write, must exist), a (read/write, create if missing),
 *  w (create or truncate), w- and x (create, fail if it exists). */
export type FileMode = 'r' | 'r+' | 'a' | 'w' | 'w-' | 'x';
const MODES: FileMode[] = ['r', 'r+', 'a', 'w', 'w-', 'x'];

interface Plan {
  op: 'open' | 'create';
  flag: boolean; // open: writable; create: exclusive
  access: NativeAccess & Record<string, unknown>;
  creation: Record<string, unknown>;
}

function plan(filename: string, mode: FileMode, options: FileOptions): Plan {
  if (typeof filename !== 'string' || filename.length === 0) throw new TypeError('the file name must be a non-empty string');
  if (!MODES.includes(mode)) throw new RangeError(`unknown mode '${String(mode)}' (expected ${MODES.join(', ')})`);
  options = checkOptions(options, FILE_OPTION_KEYS, 'File.open');
  checkFileOptionValues(options);
  const driver = normalizeDriver(options.driver as DriverSpec | undefined);
  if (driver.driver === 'family') checkFamilyPath(filename);
  const access: Plan['access'] = { ...driver };
  if (options.libver !== undefined) access.libver = options.libver;
  if (options.swmr !== undefined) access.swmr = options.swmr;
  if (options.externalLinkCacheSize !== undefined) {
    if (!Number.isInteger(options.externalLinkCacheSize) || options.externalLinkCacheSize < 0)
      throw new RangeError('externalLinkCacheSize must be a non-negative integer');
    access.externalLinkCacheSize = options.externalLinkCacheSize;
  }
  if (options.locking !== undefined) access.locking = options.locking;
  const el = options.externalLinks;
  if (el !== undefined && el !== 'allow') {
    if (el === 'deny') access.externalLinks = 'deny';
    else if (typeof el === 'object' && el && typeof el.root === 'string') access.externalLinks = { root: path.resolve(el.root) };
    else throw new TypeError("externalLinks must be 'allow', 'deny' or { root: folder }");
  }
  if (options.externalLinkPrefix !== undefined) access.externalLinkPrefix = options.externalLinkPrefix;
  const creation = { trackOrder: options.trackOrder, userblock: options.userblock };
  // HDF5 writes such a family file, but cannot open it again (the user block shifts the addresses that the
  // members' sizes are checked against); refused before any member is touched.
  if (driver.driver === 'family' && options.userblock)
    throw new RangeError(`cannot open family file '${filename}' with a userblock: HDF5 cannot read such a file back (use a single-file driver, or no userblock)`);
  // An image is a file's bytes to open: creating over it would ignore them.
  if (driver.image !== undefined && (mode === 'w' || mode === 'w-' || mode === 'x'))
    throw new RangeError(`cannot create '${filename}' (mode ${mode}) from a core driver image: an image is opened with mode 'r', 'r+' or 'a'`);
  if (options.swmr && (mode === 'w' || mode === 'w-' || mode === 'x' || mode === 'a'))
    throw new RangeError("swmr applies to opening: mode 'r' for readers, 'r+' for writers (or call startSwmrWrite())");
  const primary = primaryFile(filename, access);
  if (primary !== null && isDirectory(primary))
    throw h5error(ErrorCodes.IS_DIRECTORY, `cannot open '${filename}' (mode ${mode}): ${primary} is a directory`, filename);
  if (access.driver === 'family' && mode !== 'w') {
    const dir = familyDirectoryMember(filename);
    if (dir !== null)
      throw h5error(ErrorCodes.IS_DIRECTORY, `cannot open family file '${filename}' (mode ${mode}): its member ${dir} is a directory`, filename);
  }
  switch (mode) {
    case 'r':
    case 'r+':
      if (primary !== null && !exists(primary))
        throw h5error(ErrorCodes.FILE_NOT_FOUND, `cannot open '${filename}' (mode ${mode}): no such file`, filename);
      return { op: 'open', flag: mode === 'r+', access, creation };
    case 'a':
      if (primary === null || exists(primary)) return { op: 'open', flag: true, access, creation };
      return { op: 'create', flag: true, access, creation };
    case 'w': {
      // HDF5 truncates an existing file before it locks it: a file open in another program would be emptied
      // under it. The addon refuses when one of these files is locked (and leaves it as it was).
      if (lockingInEffect(options.locking)) {
        const probe = filesToTruncate(filename, access);
        if (probe.length) access.probeLocks = probe;
      }
      return { op: 'create', flag: false, access, creation };
    }
    default:
      if (primary !== null && exists(primary))
        throw h5error(ErrorCodes.FILE_EXISTS, `cannot create '${filename}' (mode ${mode}): the file exists`, filename);
      return { op: 'create', flag: true, access, creation };
  }
}

/**
 * Inline async operations resolve as microtasks, so a loop awaiting one after another would never let the event
 * loop turn: once inline operations have run for INLINE_SLICE_MS without a turn, promises settle from
 * setImmediate instead (after timers and I/O had theirs), which bounds the event loop's delay to about a slice.
 */
const INLINE_SLICE_MS = 1;
let sliceStart = -1; // performance.now() of the first inline operation since the event loop last turned
let sliceOver = false; // the slice has lasted INLINE_SLICE_MS: settle from setImmediate until the loop turns
let inlineOps = 0;
function endSlice(): void {
  sliceStart = -1;
  sliceOver = false;
}

/**
 * Mode 'a' found no file and creates one exclusively (as h5py does); when that fails because the file exists
 * now, another thread (a worker's open of the same name) or process created it in between, and it is opened.
 */
function createdMeanwhile(mode: FileMode, p: Plan, e: unknown): boolean {
  return mode === 'a' && p.op === 'create' && e instanceof Hdf5Error && e.code === ErrorCodes.FILE_EXISTS;
}

function explainOpenError(e: unknown, filename: string, p: Plan): unknown {
  if (!(e instanceof Hdf5Error)) return e;
  if (p.access.driver === 'family' && p.op === 'open' && (e.code === ErrorCodes.FAMILY_MEMBER_SIZE || e.code === ErrorCodes.H5)) {
    const hint = suggestedMemberSize(filename);
    const given = p.access.memberSize as number;
    if (hint !== null && hint !== given)
      return new Hdf5Error(
        `cannot open family file '${filename}': it was written with members of ${hint} bytes, not the memberSize ${given} given`,
        { code: ErrorCodes.FAMILY_MEMBER_SIZE, file: filename, path: null, frames: e.frames },
      );
    if (e.code === ErrorCodes.FAMILY_MEMBER_SIZE)
      return new Hdf5Error(`cannot open family file '${filename}': memberSize ${given} does not match its members`, {
        code: ErrorCodes.FAMILY_MEMBER_SIZE, file: filename, path: null, frames: e.frames,
      });
  }
  return e;
}

export class File extends Group {
  /** The name the file was opened with. */
  readonly filename: string;
  /** The mode it was opened with. */
  readonly mode: FileMode;
  /**
   * @internal Asynchronous operations issued on this file and not yet settled (queued, running, or settled by the
   * addon with their bookkeeping reaction still to run). A counter, not a set of promises: adding a fresh promise
   * to a Set gives it an identity hash and an entry, about 0.3 µs per awaited operation.
   */
  private _busy = 0;
  /** @internal The one bookkeeping reaction every tracked operation gets (made once, not a closure per call). */
  private readonly _done = (): void => {
    this._busy--;
  };

  /** @internal HDF5's split driver is its multi driver with two members: HDF5 reports it as multi. */
  private readonly _split: boolean;

  /** @internal */
  constructor(handle: NativeHandle, filename: string, mode: FileMode, split = false) {
    super(handle, null, '/');
    this.filename = filename;
    this.mode = mode;
    this._split = split;
  }

  /** Opens or creates an HDF5 file (h5py's `h5py.File(name, mode, ...)`). */
  static open(filename: string, mode: FileMode = 'r', options: FileOptions = {}): File {
    const p = plan(filename, mode, options);
    let h: NativeHandle;
    try {
      h = p.op === 'open' ? native.fileOpen(filename, p.flag, p.access) : native.fileCreate(filename, p.flag, p.access, p.creation);
    } catch (e) {
      if (!createdMeanwhile(mode, p, e)) throw explainOpenError(e, filename, p);
      // Another thread or process created it since plan() looked: open it, as 'a' does a file that exists.
      const q: Plan = { ...p, op: 'open', flag: true };
      try {
        h = native.fileOpen(filename, true, q.access);
      } catch (e2) {
        throw explainOpenError(e2, filename, q);
      }
    }
    return new File(h, filename, mode, p.access.driver === 'split');
  }

  /** File.open on the addon's I/O thread. */
  static async openAsync(filename: string, mode: FileMode = 'r', options: FileOptions = {}): Promise<File> {
    const p = plan(filename, mode, options);
    let h: NativeHandle;
    try {
      h = p.op === 'open'
        ? await native.fileOpenAsync(filename, p.flag, p.access)
        : await native.fileCreateAsync(filename, p.flag, p.access, p.creation);
    } catch (e) {
      if (!createdMeanwhile(mode, p, e)) throw explainOpenError(e, filename, p);
      const q: Plan = { ...p, op: 'open', flag: true };
      try {
        h = await native.fileOpenAsync(filename, true, q.access);
      } catch (e2) {
        throw explainOpenError(e2, filename, q);
      }
    }
    return new File(h, filename, mode, p.access.driver === 'split');
  }

  /** True when `filename` is an HDF5 file (readable with the given driver). */
  static isHdf5(filename: string, options: { driver?: DriverSpec } = {}): boolean {
    if (typeof filename !== 'string') throw new TypeError('isHdf5 needs a file name (a string)');
    if (filename.includes('\0')) throw new TypeError('path must not contain NUL characters');
    const access = normalizeDriver((options ?? {}).driver);
    const primary = primaryFile(filename, access);
    if (primary !== null && (!exists(primary) || isDirectory(primary))) return false;
    return native.isHdf5(filename, access);
  }

  /**
   * @internal Settles (never rejects) once every operation issued so far has settled: operations queued behind a
   * busy file start from it, so they run one after another in the order issued, and closeAsync waits on it.
   */
  private _tail: Promise<unknown> = Promise.resolve();

  /**
   * @internal Runs an asynchronous native operation after the ones issued before it on this file, so that
   * writes, appends and reads issued without awaiting land in order, and so that issuing one never waits on
   * the JS thread for the HDF5 lock held by the previous operation of the same file (the native side prepares
   * an operation under the lock before queuing it). Arguments must be checked before calling this.
   */
  _enqueue<T>(start: () => Promise<T>): Promise<T> {
    let run: Promise<T>;
    if (this._idle()) {
      // Nothing is pending on this file (so _tail has settled): start it now (one promise hop less per awaited
      // operation).
      try {
        run = start();
      } catch (e) {
        run = Promise.reject(e);
      }
    } else {
      run = this._tail.then(start);
    }
    return this._started(run);
  }

  /**
   * @internal Tracks an operation just issued: started at once on an idle file (the caller checked _idle()), or
   * chained on _tail by _enqueue. The next operation starts after this one settles, whatever its outcome.
   */
  _started<T>(run: Promise<T>): Promise<T> {
    this._busy++;
    this._tail = run.then(this._done, this._done);
    return run;
  }

  /**
   * @internal True when no asynchronous operation is pending on this file. Only then may a tiny one run at once
   * on this thread (the `…Now` calls of the addon): it cannot overtake anything issued before it.
   */
  _idle(): boolean {
    return this._busy === 0 && this._inline === 0;
  }

  /**
   * @internal The promise of an operation that already ran inline (it is complete when the call returns, so it
   * is not pending and the next operation may run inline too). Late in a slice the promise settles from
   * setImmediate instead; until then it counts as pending (close() refuses, the next operation is queued).
   */
  _settled<T>(value: T): Promise<T> {
    // The clock is read every 16th operation only: at W2's rate (a few µs each) that is still several times per
    // slice, and a clock read would be a noticeable part of each operation.
    if ((++inlineOps & 15) === 0 || sliceStart < 0) {
      const now = performance.now();
      if (sliceStart < 0) {
        sliceStart = now;
        setImmediate(endSlice);
      } else if (now - sliceStart >= INLINE_SLICE_MS) sliceOver = true;
    }
    if (!sliceOver) return Promise.resolve(value);
    // Late in a slice: settle from setImmediate, and count the operation as pending until then (close() waits).
    this._inline++;
    return new Promise((resolve) => setImmediate(() => {
      this._inline--;
      resolve(value);
    }));
  }

  private _inline = 0;

  /** @internal Counts an async operation so that close() can refuse while it runs and closeAsync() can wait. */
  _track<T>(p: Promise<T>): Promise<T> {
    this._busy++;
    // _tail keeps its meaning: settled once this and everything issued before it have settled.
    this._tail = Promise.all([this._tail, p.then(this._done, this._done)]);
    return p;
  }

  /** Number of asynchronous operations in flight on this file. */
  get pendingOperations(): number {
    return this._busy + this._inline;
  }

  /** True when opened for writing. */
  get writable(): boolean {
    return native.fileInfo(this._h).writable;
  }

  /** Size of the file in bytes. */
  get fileSize(): number {
    return native.fileInfo(this._h).size;
  }

  /** The driver in use: 'sec2', 'stdio', 'core', 'family', 'split', 'multi' or 'other'. */
  get driver(): string {
    const d = native.fileInfo(this._h).driver ?? 'sec2';
    return d === 'multi' && this._split ? 'split' : d;
  }

  /**
   * Number of HDF5 objects (groups, datasets, ...) currently open in this file, the file included; null when it
   * cannot be counted safely (after HDF5 failed to close something: see close()).
   */
  get openObjectCount(): number | null {
    return native.fileInfo(this._h).openObjects;
  }

  /**
   * Flushes and closes the file and every object opened under it. Throws ERR_H5_BUSY while asynchronous
   * operations are in flight (await them, or use closeAsync()). Idempotent. When writing the pending changes
   * fails (ERR_H5_WRITE_FAILED: disk full, an I/O error), nothing is closed and the file stays open, so that
   * close() can be tried again once the cause is fixed; a file dropped in that state is left open, unwritten,
   * until the process ends (see libraryInfo().leftOpen).
   */
  close(): void {
    const n = this.pendingOperations;
    if (n > 0)
      throw h5error(ErrorCodes.BUSY, `cannot close ${this.filename}: ${n} asynchronous operation(s) in flight; await them or use closeAsync()`, this.filename);
    native.close(this._h);
  }

  /** Waits for in-flight asynchronous operations, then flushes and closes on the addon's I/O thread. */
  async closeAsync(): Promise<void> {
    while (this.pendingOperations > 0) {
      if (this._busy > 0) await this._tail;
      // Only an inline operation late in its slice is left: its promise settles from setImmediate.
      else await new Promise((resolve) => setImmediate(resolve));
    }
    await native.closeAsync(this._h);
  }

  [disposeSymbol](): void {
    this.close();
  }

  async [asyncDisposeSymbol](): Promise<void> {
    await this.closeAsync();
  }

  /** Writes buffered data and metadata to the file. */
  flush(): void {
    native.fileFlush(this._h);
  }

  flushAsync(): Promise<void> {
    try {
      const h = this._h;
      return this._enqueue(() => native.fileFlushAsync(h));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * The bytes of the file as it is now (any driver), e.g. to send an in-memory file elsewhere. HDF5 images only
   * single-file drivers: for family, split and multi files this is the image of an in-memory single-file copy.
   */
  image(): Buffer {
    const driver = this.driver;
    if (driver !== 'family' && driver !== 'multi' && driver !== 'split') return native.fileImage(this._h);
    const mem = File.open(`${this.filename}.image`, 'w', { driver: { driver: 'core', backingStore: false } });
    try {
      copyContent(this, mem);
      return native.fileImage(mem._h);
    } finally {
      mem.close();
    }
  }

  /** Switches a file opened for writing (latest format: libver 'latest') to SWMR writing. */
  startSwmrWrite(): void {
    const info = native.fileInfo(this._h) as ReturnType<typeof native.fileInfo> & { latestFormat?: boolean };
    const refuse = (code: ErrorCode, why: string) => {
      throw h5error(code, `cannot start SWMR writing on ${this.filename}: ${why}`, this.filename, '/');
    };
    if (!info.writable) refuse(ErrorCodes.READ_ONLY, 'the file was opened read-only');
    if (info.swmr) refuse(ErrorCodes.H5, 'it is in SWMR writing mode already');
    try {
      native.fileStartSwmrWrite(this._h);
    } catch (e) {
      if (!(e instanceof Hdf5Error) || info.latestFormat !== false || !/superblock version/.test(e.message)) throw e;
      throw new Hdf5Error(`${e.message} (SWMR needs the file opened with libver 'latest', or 'v110' and later)`, {
        code: e.code, file: e.file, path: e.path, frames: e.frames,
      });
    }
  }

  /** The object a reference points to. */
  deref(ref: Reference): H5Item {
    if (!(ref instanceof Reference)) throw new TypeError('deref needs a Reference');
    const a = ref.address as unknown;
    if (typeof a !== 'bigint' || a < 0n || a >= 1n << 64n)
      throw new RangeError(`cannot resolve a reference in ${this.filename}: ${String(a)} is not an object address (0 to 2^64 - 1)`);
    if (ref.isNull) throw h5error(ErrorCodes.NULL_REFERENCE, `cannot resolve a null reference in ${this.filename}`, this.filename);
    // Resolved where it was read: an object reached through an external link lives in another file.
    const loc = ref.owner && ref.owner.isOpen && ref.owner.file === this ? ref.owner._h : this._h;
    // No path leads to the object any more: its last link was deleted, and what the address holds is left-over
    // bytes (h5py reads such an object's name as None). Not an object to hand out, least of all as the root group.
    const gone = () => h5error(ErrorCodes.NOT_FOUND,
      `the object reference (address ${ref.address}) in ${this.filename} points to an object that no longer has a path in the file (its last link was deleted)`,
      this.filename);
    let o: ReturnType<typeof native.refOpen>;
    try {
      o = native.refOpen(loc, ref.address);
    } catch (e) {
      // (HDF5 1.10 refuses such a reference itself: "dereferencing deleted object")
      if (e instanceof Hdf5Error && /deleted object/.test(e.message)) throw gone();
      throw e;
    }
    if (!o.path) {
      native.close(o.handle);
      throw gone();
    }
    return wrapOpened(this, o, o.path);
  }

  toString(): string {
    return `<HDF5 file "${path.basename(this.filename)}" (mode ${this.mode})>`;
  }
}
