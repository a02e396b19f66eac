/** Groups: the tree of links (create, get, list, delete, move, visit), datasets, links and object copy. */
import * as fs from 'fs';
import * as path from 'path';
import { native, NativeHandle, NativeLinkInfo, TypeDesc } from '../binding';
import { ErrorCode, ErrorCodes, h5error, Hdf5Error } from '../errors';
import { Dataset } from './dataset';
import { Datatype } from './datatype';
import { DTypeLike, guessChunk, isTypedArray, nameOfTypedArray, numericDtype, sizeOf, toDesc } from './dtype';
import { normalize, product, toNative } from './data';
import { fsExists, fsPath } from './drivers';
import type { File } from './file';
import { H5Object, Reference } from './object';
import { encodeRefs, hasRefs, toNativeRefs } from './values';

export interface CreateGroupOptions {
  /** Track and list links and attributes in creation order (h5py's track_order). */
  trackOrder?: boolean;
}

export interface CreateDatasetOptions {
  /** Datatype; inferred from `data` when absent (float64 for plain numbers, 'string' for strings). */
  dtype?: DTypeLike;
  /** Shape; inferred from `data` when absent. `[]` makes a scalar dataset. */
  shape?: number[];
  /** Maximum shape; `null` entries are unlimited. Implies chunking. */
  maxshape?: (number | null)[];
  /** Chunk shape, or true to pick one as h5py does. */
  chunks?: number[] | true;
  /** 'gzip' (deflate) or 'szip'; a number 0-9 means gzip at that level. */
  compression?: 'gzip' | 'szip' | number;
  /** gzip level 0-9 (default 4, as h5py). */
  compressionLevel?: number;
  /** szip options. */
  szip?: { coding?: 'nn' | 'ec'; pixelsPerBlock?: number };
  /** Byte shuffle before compression. */
  shuffle?: boolean;
  /** Fletcher-32 checksums per chunk. */
  fletcher32?: boolean;
  /** Scale-offset filter (bits for integers, decimal digits for floats). */
  scaleoffset?: number;
  /** Fill value for unwritten elements. */
  fillValue?: unknown;
  /** When fill values are written: 'ifset' (HDF5 default), 'alloc', 'never'. */
  fillTime?: 'ifset' | 'alloc' | 'never';
  /** Initial data. */
  data?: unknown;
  /** Storage layout; chunked when chunks/maxshape/filters ask for it. */
  layout?: 'contiguous' | 'compact' | 'chunked';
  /** For string dtypes: 'utf8' (default) or 'ascii'. */
  encoding?: 'utf8' | 'ascii';
  /** For string dtypes: fixed length in bytes (variable length when absent). */
  stringLength?: number;
  /** Record creation/modification times in the object header (off by default, as h5py). */
  trackTimes?: boolean;
  /** Track attribute creation order. */
  trackOrder?: boolean;
  /** Chunk cache for this dataset (otherwise chosen by the cache rule, see README). */
  chunkCache?: { slots: number; bytes: number; w0?: number };
  /**
   * No dataspace extent at all (HDF5's null dataspace, h5py's `Empty`): a dataset that holds no values, not even
   * one. Goes with `dtype` (and the string, time and order options) only.
   */
  empty?: boolean;
  /** Raw data in external files: [{ name, offset?, size? }]. */
  external?: { name: string; offset?: number; size?: number }[];
  /** Extra filters by id, e.g. { id: 32001, values: [...] } (must be available to libhdf5). */
  filters?: { id: number; values?: number[]; optional?: boolean }[];
}

const DATASET_OPTIONS = [
  'dtype', 'shape', 'maxshape', 'chunks', 'compression', 'compressionLevel', 'szip', 'shuffle', 'fletcher32',
  'scaleoffset', 'fillValue', 'fillTime', 'data', 'layout', 'encoding', 'stringLength', 'trackTimes', 'trackOrder',
  'chunkCache', 'external', 'filters', 'empty',
];
// What may go with `empty: true`.
const EMPTY_DATASET_OPTIONS = new Set(['dtype', 'encoding', 'stringLength', 'trackTimes', 'trackOrder', 'empty']);

export type LinkInfo = NativeLinkInfo;

/** Options of Group.copy / File.copy (H5Ocopy). */
export interface CopyOptions {
  /** Copy only the immediate members of a group. */
  shallow?: boolean;
  /** Copy the targets of soft links instead of the links. */
  expandSoft?: boolean;
  /** Copy the targets of external links instead of the links. */
  expandExternal?: boolean;
  /** Copy the objects that references point to, and rewrite the references. */
  expandRefs?: boolean;
  /** Leave attributes behind. */
  withoutAttrs?: boolean;
}
const COPY_OPTIONS = ['shallow', 'expandSoft', 'expandExternal', 'expandRefs', 'withoutAttrs'];

/** Options that are flags must be booleans: 'no' or 1 would otherwise be taken as true. */
function checkFlags(opts: object, keys: string[], what: string): void {
  for (const k of keys) {
    const v = (opts as Record<string, unknown>)[k];
    if (v !== undefined && typeof v !== 'boolean')
      throw new TypeError(`${what}: ${k} must be true or false; got ${typeof v === 'string' ? `'${v}'` : String(v)}`);
  }
}

/** Checks the keys of an options object; returns it, or {} for undefined and null (no options, as h5py's None). */
export function checkOptions<T extends object>(opts: T | undefined | null, allowed: string[], what: string): T {
  if (opts === undefined || opts === null) return {} as T;
  if (typeof opts !== 'object') throw new TypeError(`${what} options must be an object`);
  for (const k of Object.keys(opts))
    if (!allowed.includes(k)) throw new TypeError(`unknown ${what} option '${k}' (expected one of ${allowed.join(', ')})`);
  return opts;
}

function checkPath(p: unknown, what = 'path'): string {
  if (typeof p !== 'string' || p.length === 0) throw new TypeError(`${what} must be a non-empty string`);
  if (p.includes('\0')) throw new TypeError(`${what} must not contain NUL characters`);
  return p;
}

/** True when values of the type live outside the element (variable-length strings and sequences), so that
 *  sizeOf() is not what the file stores per element. */
function hasVariable(d: TypeDesc): boolean {
  switch (d.class) {
    case 'string':
      return d.vlen;
    case 'vlen':
      return true;
    case 'compound':
      return d.fields.some((f) => hasVariable(f.type));
    case 'array':
    case 'enum':
      return hasVariable(d.base);
    default:
      return false;
  }
}

/** @internal The reason (checkLinks' `reason`) of the broken external links that get() reported. */
export const brokenLinkReasons = new WeakMap<Error, string>();

/**
 * Why an external link's target file or object did not open: its reason for checkLinks and the words for the
 * error. HDF5's innermost frame says why the file did not open when that was the failure (locked, open in this
 * process in another mode, not HDF5); only when the file opened is the object missing.
 */
function targetProblem(target: string, objectPath: string, e: Hdf5Error): { reason: string; why: string } {
  if (!fsExists(target)) return { reason: 'missing file', why: 'the file does not exist' };
  if (fs.statSync(fsPath(target)).isDirectory()) return { reason: 'directory', why: 'that is a directory' };
  const descs = e.frames.map((f) => f.desc);
  if (!descs.some((d) => d.includes('unable to open external file'))) return { reason: 'missing object', why: `object '${objectPath}' is missing there` };
  const inner = descs[0] ?? '';
  // (the lock and open-mode reasons first: a file held open elsewhere may not even be probed for its signature)
  if (/unable to lock file|errno = 11,/.test(inner))
    return { reason: 'file locked', why: `that file is locked: another program has it open for writing, or this one has it open (${inner})` };
  if (/already open/.test(inner))
    return { reason: 'file open in another mode', why: `that file is open in this process in a mode the link cannot share (${inner})` };
  if (/file signature not found/.test(inner) || !native.isHdf5(target, { driver: 'sec2' }))
    return { reason: 'not HDF5', why: 'that file is not an HDF5 file' };
  return { reason: `cannot open file: ${inner}`, why: `that file cannot be opened (${inner})` };
}

/** HDF5's limit on one chunk: its size is stored in 32 bits. */
const MAX_CHUNK_BYTES = 2 ** 32 - 1;
const CHUNK_CACHE_KEYS = ['slots', 'bytes', 'w0'];
const EXTERNAL_KEYS = ['name', 'offset', 'size'];

/** Checks the storage options HDF5 would refuse deep inside dataset creation (or, for external files on a
 *  compact or chunked layout, crash on). */
function checkStorage(name: string, options: CreateDatasetOptions, shape: number[], chunks: number[] | undefined, desc: TypeDesc): void {
  const where = `createDataset('${name}')`;
  const unit = hasVariable(desc) ? undefined : sizeOf(desc);
  if (chunks) {
    chunks.forEach((c, i) => {
      if (c > 0xffffffff) throw new RangeError(`${where}: chunk dimension ${c} on axis ${i} is over HDF5's limit of 2^32 - 1`);
    });
    const bytes = product(chunks) * (unit ?? 16);
    if (bytes > MAX_CHUNK_BYTES)
      throw new RangeError(`${where}: a chunk of [${chunks}] holds ${bytes} bytes; HDF5 limits a chunk to under 4 GiB`);
  }
  // (The size of a compact dataset the addon checks, by the size each element takes in the file.)
  checkFilters(where, options, desc);
  const cache = options.chunkCache;
  if (cache !== undefined) {
    if (typeof cache !== 'object' || cache === null) throw new TypeError(`${where}: chunkCache must be { slots, bytes, w0? }`);
    checkOptions(cache, CHUNK_CACHE_KEYS, 'chunkCache');
    for (const k of ['slots', 'bytes'] as const)
      if (cache[k] !== undefined && !(Number.isSafeInteger(cache[k]) && cache[k] >= 0))
        throw new RangeError(`${where}: chunkCache.${k} must be a non-negative integer`);
    if (cache.w0 !== undefined && !(typeof cache.w0 === 'number' && cache.w0 >= 0 && cache.w0 <= 1))
      throw new RangeError(`${where}: chunkCache.w0 must be a number from 0 to 1`);
  }
  const ext = options.external;
  if (ext === undefined) return;
  if (!Array.isArray(ext)) throw new TypeError(`${where}: external must be an array of { name, offset?, size? }`);
  if (ext.length === 0) return;
  if (chunks || (options.layout !== undefined && options.layout !== 'contiguous'))
    throw new RangeError(`${where}: external files need the contiguous layout (no chunks, filters, maxshape or compact layout)`);
  let total = 0;
  ext.forEach((e, i) => {
    if (typeof e !== 'object' || e === null || Array.isArray(e))
      throw new TypeError(`${where}: external[${i}] must be an object { name, offset?, size? }`);
    checkOptions(e, EXTERNAL_KEYS, `external[${i}]`);
    checkPath(e.name, `external[${i}].name`);
    if (e.offset !== undefined && !(Number.isSafeInteger(e.offset) && e.offset >= 0))
      throw new RangeError(`${where}: external[${i}].offset must be a non-negative integer`);
    if (e.size === undefined) {
      if (i !== ext.length - 1) throw new RangeError(`${where}: only the last external file may have no size (unlimited)`);
      total = Infinity;
    } else if (!(Number.isSafeInteger(e.size) && e.size >= 0)) {
      throw new RangeError(`${where}: external[${i}].size must be a non-negative integer`);
    } else {
      total += e.size;
    }
  });
  if (unit !== undefined && total < product(shape) * unit)
    throw new RangeError(`${where}: the external files hold ${total} bytes, the dataset needs ${product(shape) * unit}`);
}

const FILTER_KEYS = ['id', 'values', 'optional'];
const SZIP_KEYS = ['coding', 'pixelsPerBlock'];

/** Filter settings HDF5 takes and then fails on when it writes (a file whose data cannot be flushed). */
function checkFilters(where: string, options: CreateDatasetOptions, desc: TypeDesc): void {
  const base = desc.class === 'enum' ? desc.base : desc;
  if (options.compressionLevel !== undefined && options.compression !== 'gzip')
    throw new TypeError(`${where}: compressionLevel goes with compression: 'gzip'`);
  if (options.szip !== undefined) {
    if (options.compression !== 'szip') throw new TypeError(`${where}: szip options go with compression: 'szip'`);
    const z = options.szip;
    if (typeof z !== 'object' || z === null) throw new TypeError(`${where}: szip must be { coding?, pixelsPerBlock? }`);
    checkOptions(z, SZIP_KEYS, 'szip');
    if (z.coding !== undefined && z.coding !== 'nn' && z.coding !== 'ec') throw new RangeError(`${where}: szip coding is 'nn' or 'ec'`);
    const ppb = z.pixelsPerBlock;
    if (ppb !== undefined && !(Number.isInteger(ppb) && ppb >= 2 && ppb <= 32 && ppb % 2 === 0))
      throw new RangeError(`${where}: szip pixelsPerBlock must be an even number from 2 to 32`);
  }
  const so = options.scaleoffset;
  if (so !== undefined) {
    if (base.class !== 'integer' && base.class !== 'float')
      throw new TypeError(`${where}: the scale-offset filter takes integer and float data only`);
    const most = base.class === 'integer' ? base.size * 8 : Infinity;
    if (!(Number.isInteger(so) && so >= 0 && so <= most))
      throw new RangeError(
        base.class === 'integer'
          ? `${where}: scaleoffset for ${base.size * 8}-bit integers is a bit count from 0 (automatic) to ${most}`
          : `${where}: scaleoffset for floats is a non-negative number of decimal digits`,
      );
  }
  const list = options.filters;
  if (list === undefined) return;
  if (!Array.isArray(list)) throw new TypeError(`${where}: filters must be an array of { id, values?, optional? }`);
  list.forEach((f, i) => {
    const at = `${where}: filters[${i}]`;
    if (typeof f !== 'object' || f === null || Array.isArray(f)) throw new TypeError(`${at} must be { id, values?, optional? }`);
    checkOptions(f, FILTER_KEYS, `filters[${i}]`);
    if (!(Number.isInteger(f.id) && f.id >= 1 && f.id <= 65535)) throw new RangeError(`${at}.id must be a filter id from 1 to 65535`);
    const vals = f.values ?? [];
    if (!Array.isArray(vals) || !vals.every((v) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff))
      throw new RangeError(`${at}.values must be unsigned 32-bit integers`);
    if (f.optional !== undefined && typeof f.optional !== 'boolean') throw new TypeError(`${at}.optional must be a boolean`);
    // HDF5's own filters by id: their parameters are checked only when data is written, too late.
    if (f.id === 1 && !(vals.length === 1 && vals[0] <= 9)) throw new RangeError(`${at}: deflate (id 1) takes one value, the level 0-9`);
    if ((f.id === 2 || f.id === 3 || f.id === 5) && vals.length > 0)
      throw new RangeError(`${at}: filter ${f.id} takes no values (HDF5 sets them from the datatype)`);
    if (f.id === 4) throw new RangeError(`${at}: use compression: 'szip' (with szip options) for filter 4`);
    if (f.id === 6) throw new RangeError(`${at}: use the scaleoffset option for filter 6`);
  });
}

function inferDtype(values: unknown): DTypeLike {
  if (isTypedArray(values)) return nameOfTypedArray(values);
  const arr = values as unknown[];
  const first = arr.find((v) => v !== undefined && v !== null);
  if (typeof first === 'string') return 'string';
  if (typeof first === 'boolean') return 'bool';
  if (typeof first === 'bigint' || typeof first === 'number') return numericDtype(arr);
  if (first instanceof Reference || first instanceof H5Object) return 'ref';
  if (first === undefined) return 'float64';
  throw new TypeError('cannot infer a dtype for the data; pass { dtype }');
}

/** Paths that fullPath() must normalise: '.' components, empty components, a trailing slash. */
const NEEDS_NORMALIZE = /(?:^|\/)\.(?:\/|$)|\/\/|.\/$/;

/**
 * A path as HDF5 reads it, in canonical form: empty and '.' components dropped. '..' stays: HDF5 has no link to
 * a parent, so '..' is a link name like any other (h5py's g.create_group('../x') makes a group named '..').
 * @internal
 */
export function canonicalPath(p: string): string {
  const parts = p.split('/').filter((s) => s !== '' && s !== '.');
  if (p.startsWith('/')) return '/' + parts.join('/');
  return parts.length ? parts.join('/') : '.';
}

/** @internal Builds the Group or Dataset object for an opened handle. */
/** What a link in a group leads to: a group, a dataset, or a named datatype. */
export type H5Item = Group | Dataset | Datatype;

export function wrapOpened(file: File, o: { handle: NativeHandle; kind: string }, name: string): H5Item {
  if (o.kind === 'dataset') return new Dataset(o.handle, file, name);
  if (o.kind === 'group') return new Group(o.handle, file, name);
  if (o.kind === 'datatype') return new Datatype(o.handle, file, name);
  native.close(o.handle);
  throw h5error(ErrorCodes.H5, `'${name}' is an object HDF5 does not name (not a group, dataset or datatype)`, file.filename, name);
}

export class Group extends H5Object {
  /** @internal */
  constructor(handle: NativeHandle, file: File | null, name: string) {
    super(handle, file, name);
  }

  /** Absolute path of a name relative to this group (for messages and results). */
  protected fullPath(p: string): string {
    // Plain names (no '.' or empty components, no trailing slash) need no normalising: the common case.
    if (!NEEDS_NORMALIZE.test(p)) return p.charCodeAt(0) === 47 ? p : this.name === '/' ? `/${p}` : `${this.name}/${p}`;
    return canonicalPath(p.startsWith('/') ? p : `${this.name}/${p}`);
  }

  /** Creates a group (and any missing intermediate groups). */
  createGroup(name: string, options: CreateGroupOptions = {}): Group {
    checkPath(name, 'group name');
    options = checkOptions(options, ['trackOrder'], 'createGroup');
    checkFlags(options, ['trackOrder'], `createGroup('${name}')`);
    const full = this.fullPath(name);
    if (native.exists(this._h, name, false))
      throw h5error(ErrorCodes.EXISTS, `cannot create group '${full}': the name is taken`, this.file.filename, full);
    try {
      return new Group(native.groupCreate(this._h, name, options), this.file, full);
    } catch (e) {
      throw this.parentNotGroup(e, name, `group '${full}'`);
    }
  }

  /**
   * A create at `name` failed: when an object on the way there is not a group, an error that says so (HDF5's
   * own says "message type not found"), with the same code; otherwise `e` as it is.
   */
  private parentNotGroup(e: unknown, name: string, what: string, action = 'create'): unknown {
    if (!(e instanceof Hdf5Error)) return e;
    const parts = name.split('/');
    let prefix = '';
    for (let i = 0; i < parts.length - 1; i++) {
      prefix = i === 0 ? parts[0] : `${prefix}/${parts[i]}`;
      if (parts[i] === '' || parts[i] === '.') continue;
      if (!native.exists(this._h, prefix, true)) return e;
      const kind = native.objInfo(this._h, prefix).kind;
      if (kind !== 'group') {
        const at = this.fullPath(prefix);
        return h5error(e.code as ErrorCode, `cannot ${action} ${what}: '${at}' is a ${kind}, not a group`, this.file.filename, at);
      }
    }
    return e;
  }

  /** The group at `name`, created (with intermediate groups) when missing. */
  requireGroup(name: string, options: CreateGroupOptions = {}): Group {
    const o = this.get(name);
    if (o instanceof Group) return o;
    if (o) throw new TypeError(`'${this.fullPath(name)}' exists and is not a group`);
    return this.createGroup(name, options);
  }

  /**
   * Stores a datatype in the file under `name` (h5py's `group[name] = numpy.dtype(...)`). Datasets and attributes
   * created with the returned Datatype as their `dtype` share it; h5py reads it as an `h5py.Datatype`.
   */
  commitDatatype(name: string, dtype: DTypeLike, options: { encoding?: 'utf8' | 'ascii'; stringLength?: number } = {}): Datatype {
    checkPath(name, 'datatype name');
    options = checkOptions(options, ['encoding', 'stringLength'], 'commitDatatype');
    const full = this.fullPath(name);
    if (dtype instanceof Datatype) throw new TypeError(`cannot store '${full}': the datatype is already stored as '${dtype.name}' (pass dtype.dtypeInfo for a copy)`);
    const desc = toDesc(dtype, { encoding: options.encoding, length: options.stringLength });
    this.refuseTaken(name);
    try {
      return new Datatype(native.typeCommit(this._h, name, desc), this.file, full);
    } catch (e) {
      throw this.parentNotGroup(e, name, `datatype '${full}'`);
    }
  }

  /**
   * The group, dataset or named datatype at `path` (relative to this group, or absolute), following soft and external links;
   * undefined when nothing is there. A link that is there but cannot be resolved (missing target file or
   * object) throws an Hdf5Error that names the link and its target.
   */
  get(p: string | Reference): H5Item | undefined {
    if (p instanceof Reference) return this.file.deref(p);
    checkPath(p);
    const full = this.fullPath(p);
    if (p === '/' || p === '.') return wrapOpened(this.file, native.objOpen(this._h, p), full);
    // One native call: the object, or null when no link is there (the existence walk runs only when needed).
    let o: ReturnType<typeof native.objGet>;
    try {
      o = native.objGet(this._h, p);
    } catch (e) {
      throw this.explainUnresolved(p, e);
    }
    return o === null ? undefined : wrapOpened(this.file, o, full);
  }

  /** Like get(), but throws ERR_H5_NOT_FOUND when missing and TypeError when it is not a group. */
  getGroup(p: string): Group {
    const o = this.get(p);
    if (!o) throw h5error(ErrorCodes.NOT_FOUND, `no group '${this.fullPath(p)}'`, this.file.filename, this.fullPath(p));
    if (!(o instanceof Group)) throw new TypeError(`'${this.fullPath(p)}' is a ${o instanceof Dataset ? 'dataset' : 'named datatype'}, not a group`);
    return o;
  }

  /** Like get(), but throws ERR_H5_NOT_FOUND when missing and TypeError when it is not a dataset. */
  getDataset(p: string): Dataset {
    const o = this.get(p);
    if (!o) throw h5error(ErrorCodes.NOT_FOUND, `no dataset '${this.fullPath(p)}'`, this.file.filename, this.fullPath(p));
    if (!(o instanceof Dataset)) throw new TypeError(`'${this.fullPath(p)}' is a ${o instanceof Group ? 'group' : 'named datatype'}, not a dataset`);
    return o;
  }

  /** Turns a failure to open an existing link into an error that names the unresolvable link. */
  private explainUnresolved(p: string, e: unknown): unknown {
    if (!(e instanceof Hdf5Error)) return e;
    if (e.code === ErrorCodes.LINK_REFUSED || e.code === ErrorCodes.CLOSED) return e;
    // Find the first link along the path that does not resolve.
    const parts = p.split('/').filter(Boolean);
    let prefix = p.startsWith('/') ? '/' : '';
    for (const part of parts) {
      prefix = prefix === '' ? part : prefix === '/' ? `/${part}` : `${prefix}/${part}`;
      if (native.exists(this._h, prefix, true)) continue;
      let link: NativeLinkInfo;
      try {
        link = native.linkInfo(this._h, prefix);
      } catch {
        break;
      }
      const full = this.fullPath(prefix);
      if (link.type === 'external') {
        // Relative names resolve against the file that holds the link (another file, behind external links).
        const holder = this.fileHolding(prefix);
        const here = path.dirname(path.resolve(holder));
        const target = path.isAbsolute(link.file) ? link.file : path.join(here, link.file);
        const cycle = e.code === ErrorCodes.LINK_CYCLE;
        const problem = cycle ? { reason: 'cycle', why: 'following it goes round a cycle of links (HDF5 gives up after 16 links)' }
          : targetProblem(target, link.path, e);
        const where = path.resolve(holder) === path.resolve(this.file.filename) ? this.file.filename : `${this.file.filename} (stored in ${holder})`;
        const err = new Hdf5Error(
          `external link '${full}' in ${where} cannot be resolved: it points to '${link.path}' in '${link.file}' and ${problem.why}`,
          { code: cycle ? ErrorCodes.LINK_CYCLE : ErrorCodes.BROKEN_LINK, file: this.file.filename, path: full, frames: e.frames },
        );
        brokenLinkReasons.set(err, problem.reason);
        return err;
      }
      if (link.type === 'soft') {
        const code = e.code === ErrorCodes.LINK_CYCLE ? ErrorCodes.LINK_CYCLE : ErrorCodes.BROKEN_LINK;
        const why = code === ErrorCodes.LINK_CYCLE ? this.softChain(full) : 'nothing is there';
        return new Hdf5Error(`soft link '${full}' in ${this.file.filename} points to '${link.path}' and ${why}`, {
          code, file: this.file.filename, path: full, frames: e.frames,
        });
      }
      break;
    }
    return e;
  }

  /**
   * Why HDF5 gave up following the soft link at `full` ("too many links"): a cycle, or a chain longer than the
   * 16 links HDF5 follows in one path.
   */
  private softChain(full: string): string {
    const root = this.file._h;
    const seen = new Set<string>([full]);
    let at = full;
    for (let n = 1; n <= 256; n++) {
      let link: NativeLinkInfo;
      try {
        link = native.linkInfo(root, at);
      } catch {
        break;
      }
      if (link.type === 'hard') return `following it takes a chain of ${n - 1} soft links, more than HDF5 follows in one path (16)`;
      if (link.type !== 'soft') break;
      const next = canonicalPath(link.path.startsWith('/') ? link.path : `${path.posix.dirname(at)}/${link.path}`);
      if (seen.has(next)) return `following it leads back round to '${next}' (a cycle of soft links)`;
      seen.add(next);
      at = next;
    }
    return 'following it goes round a cycle of links or a chain longer than HDF5 follows (16 links)';
  }

  /** The name of the file that holds the link at `linkPath` (relative to this group). */
  private fileHolding(linkPath: string): string {
    const parent = path.posix.dirname(linkPath);
    try {
      if (parent === '.') return native.fileInfo(this._h).name;
      const o = native.objOpen(this._h, parent);
      try {
        return native.fileInfo(o.handle).name;
      } finally {
        native.close(o.handle);
      }
    } catch {
      return this.file.filename;
    }
  }

  /** True when `path` leads to an object (a dangling link is false; see getLink). */
  has(p: string): boolean {
    checkPath(p);
    return native.exists(this._h, p, true);
  }

  /** Names of the links in this group: creation order where tracked, else name order. Dangling links included. */
  keys(): string[] {
    return native.linkNames(this._h);
  }

  /** The objects of this group (dangling links skipped). */
  values(): H5Item[] {
    return this.entries().map(([, v]) => v);
  }

  /** [name, object] pairs (dangling links skipped). */
  entries(): [string, H5Item][] {
    const out: [string, H5Item][] = [];
    for (const k of this.keys()) {
      if (!native.exists(this._h, k, true)) continue;
      const o = this.get(k);
      if (o) out.push([k, o]);
    }
    return out;
  }

  get length(): number {
    return this.keys().length;
  }

  [Symbol.iterator](): Iterator<string> {
    return this.keys()[Symbol.iterator]();
  }

  /** Removes the link at `path` (the object goes when its last link does). */
  delete(p: string): void {
    checkPath(p);
    if (this.fullPath(p) === '/') throw new RangeError(`cannot delete the root group of ${this.file.filename}`);
    native.linkDelete(this._h, p);
  }

  /** Moves or renames a link within the file (intermediate groups of the destination are created). */
  move(from: string, to: string): void {
    checkPath(from, 'source');
    checkPath(to, 'destination');
    const src = this.fullPath(from);
    const dst = this.fullPath(to);
    if (src === '/') throw new RangeError(`cannot move the root group of ${this.file.filename}`);
    // HDF5 would unlink the group from the file and link it below itself, where nothing can reach it: the
    // group and everything in it would be lost.
    if (dst.startsWith(src + '/'))
      throw new RangeError(`cannot move '${src}' to '${dst}' of ${this.file.filename}: the destination is inside it`);
    if (native.exists(this._h, to, false)) {
      throw h5error(ErrorCodes.EXISTS, `cannot move '${src}' to '${dst}': the name is taken`, this.file.filename, dst);
    }
    // The same through links: a destination path that passes through the group being moved (a soft link to it,
    // say) is inside it too.
    this.refuseMoveInside(from, src, dst);
    try {
      native.linkMove(this._h, from, this._h, to);
    } catch (e) {
      throw this.parentNotGroup(e, to, `'${src}' to '${dst}'`, 'move');
    }
  }

  private refuseMoveInside(from: string, src: string, dst: string): void {
    // (a soft or external link moved below its target loses nothing)
    if (this.getLink(from).type !== 'hard') return;
    const moving = this.get(from);
    if (!(moving instanceof Group)) {
      moving?.close();
      return;
    }
    try {
      // Where the new link would go: the deepest group of the destination's parent path that exists (HDF5
      // creates the rest there), as the path resolves, through soft, external and hard links alike.
      const parts = dst.split('/').filter(Boolean).slice(0, -1);
      let at = '/';
      let p = '';
      for (const part of parts) {
        p += `/${part}`;
        if (!this.file.has(p)) break;
        at = p;
      }
      const parent = this.file.get(at);
      if (!parent) return;
      const target = parent.objectId;
      parent.close();
      // Inside when that group is the moved one or any group below it (reached by hard links from it).
      const id = moving.objectId;
      const fileno = id.slice(0, id.indexOf(':'));
      let inside = target === id;
      if (!inside && target.startsWith(`${fileno}:`)) {
        for (const [name, type] of native.visitLinks(moving._h)) {
          if (type !== 'hard') continue;
          const i = native.objInfo(moving._h, name);
          if (i.kind === 'group' && `${i.fileno}:${i.token}` === target) {
            inside = true;
            break;
          }
        }
      }
      if (inside)
        throw new RangeError(
          `cannot move '${src}' to '${dst}' of ${this.file.filename}: the destination is inside it ('${at}' leads into it)`,
        );
    } finally {
      moving.close();
    }
  }

  /**
   * Calls `callback(name, link)` for every link below this group, recursively (each group visited once),
   * dangling links included; returning anything but undefined stops the walk and is returned.
   */
  visit<T>(callback: (name: string, link: { type: 'hard' | 'soft' | 'external' | 'user' }) => T | undefined): T | undefined {
    for (const [name, type] of native.visitLinks(this._h)) {
      const r = callback(name, { type });
      if (r !== undefined) return r;
    }
    return undefined;
  }

  /** Like visit, with the objects opened (dangling links skipped). */
  visitItems<T>(callback: (name: string, obj: H5Item) => T | undefined): T | undefined {
    for (const [name] of native.visitLinks(this._h)) {
      if (!native.exists(this._h, name, true)) continue;
      const obj = this.get(name);
      if (!obj) continue;
      const r = callback(name, obj);
      if (r !== undefined) return r;
    }
    return undefined;
  }

  /** ERR_H5_EXISTS when a new dataset's name is taken. */
  private checkFree(name: string, full: string): void {
    if (native.exists(this._h, name, false))
      throw h5error(ErrorCodes.EXISTS, `cannot create dataset '${full}': the name is taken`, this.file.filename, full);
  }

  /** createDataset with `empty: true`: a null dataspace, as h5py's `create_dataset(name, data=h5py.Empty(dtype))`. */
  private createEmptyDataset(name: string, options: CreateDatasetOptions): Dataset {
    for (const k of Object.keys(options))
      if (!EMPTY_DATASET_OPTIONS.has(k) && (options as Record<string, unknown>)[k] !== undefined)
        throw new TypeError(`createDataset('${name}'): an empty dataset takes no ${k} (it holds no values)`);
    const full = this.fullPath(name);
    const desc: TypeDesc = toDesc(options.dtype ?? 'float64', { encoding: options.encoding, length: options.stringLength });
    this.checkFree(name, full);
    const dcpl = { trackTimes: options.trackTimes, trackOrder: options.trackOrder };
    return new Dataset(native.datasetCreate(this._h, name, desc, 'null', undefined, dcpl), this.file, full);
  }

  /** Creates a dataset. See CreateDatasetOptions; `shape` or `data` is required. */
  createDataset(name: string, options: CreateDatasetOptions): Dataset {
    checkPath(name, 'dataset name');
    checkOptions(options, DATASET_OPTIONS, 'createDataset');
    if (options) checkFlags(options, ['shuffle', 'fletcher32', 'trackTimes', 'trackOrder'], `createDataset('${name}')`);
    if (options?.empty === true) return this.createEmptyDataset(name, options);
    if (options?.empty !== undefined && options.empty !== false) throw new TypeError(`createDataset('${name}'): empty must be a boolean`);
    if (!options || (options.shape === undefined && options.data === undefined))
      throw new TypeError(`createDataset('${name}'): give a shape or data`);
    const full = this.fullPath(name);
    const strOpts = { encoding: options.encoding, length: options.stringLength };
    const given = options.dtype === undefined ? undefined : toDesc(options.dtype, strOpts);
    let values: ArrayLike<unknown> | undefined;
    let dataShape: number[] | undefined;
    if (options.data !== undefined) {
      const n = normalize(options.data, given);
      values = n.values;
      dataShape = n.shape;
    }
    const shape = options.shape ?? dataShape!;
    if (!Array.isArray(shape) || !shape.every((x) => Number.isInteger(x) && x >= 0))
      throw new RangeError(`createDataset('${name}'): shape must be an array of non-negative integers`);
    if (values && product(shape) !== values.length)
      throw new RangeError(`createDataset('${name}'): data has ${values.length} elements, shape [${shape}] needs ${product(shape)}`);
    const desc: TypeDesc = given ?? toDesc(values ? inferDtype(values) : 'float64', strOpts);
    const maxshape = options.maxshape;
    if (maxshape !== undefined) {
      if (!Array.isArray(maxshape) || maxshape.length !== shape.length)
        throw new RangeError(`createDataset('${name}'): maxshape must have ${shape.length} entries`);
      maxshape.forEach((m, i) => {
        if (m !== null && (!Number.isInteger(m) || m < shape[i]))
          throw new RangeError(`createDataset('${name}'): maxshape[${i}] = ${m} is smaller than shape[${i}] = ${shape[i]}`);
      });
    }
    let deflate: number | undefined;
    let szip: object | undefined;
    const c = options.compression;
    if (typeof c === 'number') deflate = c;
    else if (c === 'gzip') deflate = options.compressionLevel ?? 4;
    else if (c === 'szip') szip = options.szip ?? {};
    else if (c !== undefined && c !== null) throw new RangeError(`unknown compression '${String(c)}' (gzip or szip)`);
    if (deflate !== undefined && (!Number.isInteger(deflate) || deflate < 0 || deflate > 9))
      throw new RangeError('gzip level must be an integer from 0 to 9');
    const filtered = deflate !== undefined || szip !== undefined || !!options.shuffle || !!options.fletcher32 ||
      options.scaleoffset !== undefined || (options.filters?.length ?? 0) > 0;
    let chunks: number[] | undefined;
    if (options.chunks === true || ((filtered || maxshape) && options.chunks === undefined)) {
      if (shape.length === 0) throw new RangeError(`createDataset('${name}'): a scalar dataset cannot be chunked or filtered`);
      chunks = guessChunk(shape, maxshape, sizeOf(desc));
    } else if (Array.isArray(options.chunks)) {
      chunks = options.chunks;
      if (chunks.length !== shape.length || !chunks.every((x) => Number.isInteger(x) && x > 0))
        throw new RangeError(`createDataset('${name}'): chunks must be ${shape.length} positive integers`);
      chunks.forEach((ch, i) => {
        const limit = maxshape ? maxshape[i] : shape[i];
        if (limit !== null && limit !== undefined && ch > limit && limit > 0)
          throw new RangeError(`createDataset('${name}'): chunk ${ch} is larger than the maximum extent ${limit} of axis ${i}`);
      });
    } else if (options.chunks !== undefined) {
      throw new TypeError('chunks must be an array or true');
    }
    if (options.layout !== undefined && !['contiguous', 'compact', 'chunked'].includes(options.layout))
      throw new RangeError(`createDataset('${name}'): unknown layout '${String(options.layout)}' (contiguous, compact or chunked)`);
    if (options.fillTime !== undefined && !['ifset', 'alloc', 'never'].includes(options.fillTime))
      throw new RangeError(`createDataset('${name}'): unknown fillTime '${String(options.fillTime)}' (ifset, alloc or never)`);
    if (options.layout && options.layout !== 'chunked' && chunks)
      throw new RangeError(`createDataset('${name}'): a ${options.layout} layout cannot have chunks, filters or maxshape`);
    checkStorage(name, options, shape, chunks, desc);
    const dcpl = {
      chunks,
      layout: options.layout,
      deflate,
      szip,
      shuffle: options.shuffle,
      fletcher32: options.fletcher32,
      scaleoffset: options.scaleoffset,
      fill: options.fillValue,
      fillTime: options.fillTime,
      trackTimes: options.trackTimes,
      trackOrder: options.trackOrder,
      external: options.external,
      filters: options.filters,
    };
    this.checkFree(name, full);
    let payload: unknown;
    if (values) {
      const what = `dataset '${full}' of ${this.file.filename}`;
      const vals = values as unknown[];
      payload = desc.class === 'reference' ? toNativeRefs(vals, this, what)
        : hasRefs(desc) ? encodeRefs(vals, desc, this, what) : toNative(vals as unknown[], desc, what);
    }
    let h: NativeHandle;
    try {
      h = native.datasetCreate(this._h, name, desc, shape.length === 0 ? null : shape, maxshape, dcpl, options.chunkCache);
    } catch (e) {
      throw this.parentNotGroup(e, name, `dataset '${full}'`);
    }
    const ds = new Dataset(h, this.file, full);
    if (payload !== undefined && product(shape) > 0) {
      try {
        native.datasetWrite(h, null, payload);
      } catch (e) {
        // Leave nothing half-made behind.
        native.close(h);
        try {
          native.linkDelete(this._h, name);
        } catch {
          /* the error below is the one that matters */
        }
        throw e;
      }
    }
    return ds;
  }

  /** Creates a soft link `name` whose value is `target` (a path; it need not exist yet). */
  createSoftLink(name: string, target: string): void {
    checkPath(name, 'link name');
    checkPath(target, 'target path');
    this.refuseTaken(name);
    try {
      native.linkCreateSoft(this._h, name, target);
    } catch (e) {
      throw this.parentNotGroup(e, name, `soft link '${this.fullPath(name)}'`);
    }
  }

  /** Creates an external link `name` to object `targetPath` in file `fileName` (kept as given: relative names
   *  resolve against the linking file's folder). */
  createExternalLink(name: string, fileName: string, targetPath: string): void {
    checkPath(name, 'link name');
    checkPath(fileName, 'file name');
    checkPath(targetPath, 'target path');
    this.refuseTaken(name);
    try {
      native.linkCreateExternal(this._h, name, fileName, targetPath);
    } catch (e) {
      throw this.parentNotGroup(e, name, `external link '${this.fullPath(name)}'`);
    }
  }

  /** Creates another hard link `name` to an existing object (a path in this file, or an object of it). */
  createHardLink(name: string, target: string | H5Object): void {
    checkPath(name, 'link name');
    this.refuseTaken(name);
    const [loc, at] = typeof target === 'string' ? [this._h, checkPath(target, 'target path')] : [target._h, '.'];
    // A hard link cannot leave its file (a target reached through an external link, or another file's object);
    // HDF5 also refuses an object of the same file opened through another File.
    const sameFile = native.objInfo(loc, at).fileno === native.objInfo(this._h, '.').fileno;
    if (sameFile && typeof target !== 'string' && target.file !== this.file)
      throw new RangeError(`cannot create hard link '${this.fullPath(name)}': '${target.name}' was opened through another File object of ${this.file.filename}; pass its path instead`);
    if (!sameFile) {
      const o = native.objOpen(loc, at);
      let holder: string;
      try {
        holder = native.fileInfo(o.handle).name;
      } finally {
        native.close(o.handle);
      }
      const what = `'${typeof target === 'string' ? target : target.name}' (in ${holder})`;
      throw new RangeError(`cannot create hard link '${this.fullPath(name)}' in ${this.file.filename}: ${what} is in another file (use an external link)`);
    }
    try {
      native.linkCreateHard(this._h, name, loc, at);
    } catch (e) {
      throw this.parentNotGroup(e, name, `hard link '${this.fullPath(name)}'`);
    }
  }

  private refuseTaken(name: string): void {
    if (native.exists(this._h, name, false)) {
      const full = this.fullPath(name);
      throw h5error(ErrorCodes.EXISTS, `cannot create link '${full}': the name is taken`, this.file.filename, full);
    }
  }

  /** What the link at `name` is, without following it; works for dangling links. */
  getLink(name: string): LinkInfo {
    checkPath(name, 'link name');
    return native.linkInfo(this._h, name);
  }

  private copyArgs(source: string | H5Object, dest: Group | string, destName: string | undefined, options: CopyOptions) {
    options = checkOptions(options, COPY_OPTIONS, 'copy');
    const src = typeof source === 'string' ? { h: this._h, name: checkPath(source, 'source') } : { h: source._h, name: '.' };
    const srcLabel = typeof source === 'string' ? source : source.name;
    const dst = typeof dest === 'string' ? { h: this._h, name: checkPath(dest, 'destination') } : null;
    let dh = this._h;
    let dn: string;
    if (dst) {
      dn = dst.name;
    } else {
      if (!(dest instanceof Group)) throw new TypeError('copy destination must be a Group or a path');
      dh = dest._h;
      dn = destName ?? path.posix.basename(srcLabel === '/' ? 'root' : srcLabel);
    }
    // H5Ocopy into a read-only file crashes libhdf5 1.10 (segfault): refuse it here.
    const destFile = dst ? this.file : (dest as Group).file;
    if (!destFile.writable)
      throw h5error(ErrorCodes.READ_ONLY, `cannot copy to '${dn}' of ${destFile.filename}: the file was opened read-only`, destFile.filename, dn);
    const full = dst ? this.fullPath(dn) : (dest as Group).fullPath(dn);
    if (native.exists(dh, dn, false))
      throw h5error(ErrorCodes.EXISTS, `cannot copy '${srcLabel}' to '${full}' of ${destFile.filename}: the name is taken`, destFile.filename, full);
    return { sh: src.h, sn: src.name, dh, dn, destFile, full };
  }

  /**
   * Copies an object (with everything below it) to `dest` (a group, of this or another file, or a path in this
   * file) under `destName` (default: the source's base name). H5Ocopy.
   */
  copy(source: string | H5Object, dest: Group | string, destName?: string, options: CopyOptions = {}): void {
    options ??= {};
    const a = this.copyArgs(source, dest, destName, options);
    if (!options.expandSoft) {
      native.objCopy(a.sh, a.sn, a.dh, a.dn, options);
      return;
    }
    const plan = planSoftExpansion(this, source, options, a);
    try {
      native.objCopy(a.sh, a.sn, a.dh, a.dn, plan.flags);
      try {
        for (const step of plan.steps) {
          const at = replaceSoftLink(a.dh, a.dn, step);
          if (at !== null && step.kind === 'copy') native.objCopy(step.holder._h, step.name, a.dh, at, plan.flags);
        }
      } catch (e) {
        throw removePartialCopy(a.dh, a.dn, e);
      }
    } finally {
      plan.close();
    }
  }

  /** copy() on the addon's I/O thread. */
  copyAsync(source: string | H5Object, dest: Group | string, destName?: string, options: CopyOptions = {}): Promise<void> {
    options ??= {};
    try {
      const a = this.copyArgs(source, dest, destName, options);
      if (!options.expandSoft) return this.file._enqueue(() => native.objCopyAsync(a.sh, a.sn, a.dh, a.dn, options));
      // Planned when it starts (after the operations issued before it), from the source as it is then.
      return this.file._enqueue(async () => {
        const plan = planSoftExpansion(this, source, options, a);
        try {
          await native.objCopyAsync(a.sh, a.sn, a.dh, a.dn, plan.flags);
          try {
            for (const step of plan.steps) {
              const at = replaceSoftLink(a.dh, a.dn, step);
              if (at !== null && step.kind === 'copy') await native.objCopyAsync(step.holder._h, step.name, a.dh, at, plan.flags);
            }
          } catch (e) {
            throw removePartialCopy(a.dh, a.dn, e);
          }
        } finally {
          plan.close();
        }
      });
    } catch (e) {
      return Promise.reject(e);
    }
  }

  toString(): string {
    // (as h5py's repr: a closed group still prints, in a log line or an error handler)
    if (!this.isOpen) return '<Closed HDF5 group>';
    return `<HDF5 group "${this.name}" (${this.keys().length} members)>`;
  }
}

/**
 * copy(..., { expandSoft: true }), done here rather than by libhdf5's H5O_COPY_EXPAND_SOFT_LINK_FLAG: with that
 * flag, libhdf5 (1.10 and 1.14) writes some expanded links (short stored targets, depending on the link name)
 * pointing past the end of the file, which fails to open once the file is closed, and it can corrupt the
 * process's heap. The copy is made without the flag; then each soft link of the copied tree is replaced, in
 * order, by its target: a hard link to the target's copy when the target is copied anyway (it lies in the copied
 * tree, or an earlier soft link brought it in), otherwise a copy of the target, whose own soft links are handled
 * in turn. Everything is resolved in the source before anything is written, so a soft link that leads nowhere
 * fails the copy before it starts (as libhdf5 refuses it). One difference from libhdf5's expansion: a target
 * outside the copied tree that a reference in it also points to (with expandRefs) is copied twice, once for the
 * reference and once for the link, where libhdf5 makes one copy (same values, two objects).
 */
type SoftStep = { rel: string; kind: 'hard'; to: string } | { rel: string; kind: 'copy'; holder: Group; name: string };

interface SoftPlan {
  steps: SoftStep[];
  /** The options of every H5Ocopy made (expandSoft off). */
  flags: CopyOptions;
  /** Closes the source objects the plan holds. */
  close(): void;
}

/** The identity of the object at h (or at `name` below h): file number and address. */
function objectKey(h: NativeHandle, name?: string): string {
  const i = native.objInfo(h, name);
  return `${i.fileno}:${i.token}`;
}

/** The groups that will hold a copy's destination (`full` in `file`): its parent and every group above it. */
function groupsHolding(file: File, full: string): Set<string> {
  const keys = new Set<string>([objectKey(file._h, '/')]);
  const parts = full.split('/').filter(Boolean).slice(0, -1);
  let p = '';
  for (const part of parts) {
    p += `/${part}`;
    if (!native.exists(file._h, p, true)) break;
    keys.add(objectKey(file._h, p));
  }
  return keys;
}

function planSoftExpansion(from: Group, source: string | H5Object, options: CopyOptions, dest: { destFile: File; full: string }): SoftPlan {
  const opened: H5Object[] = [];
  const close = () => {
    for (const o of opened.reverse()) if (o.isOpen) o.close();
  };
  try {
    const flags: CopyOptions = { ...options, expandSoft: false };
    const steps: SoftStep[] = [];
    let root: H5Object | undefined;
    if (typeof source === 'string') {
      root = from.get(source);
      if (root) opened.push(root);
    } else {
      root = source;
    }
    if (!(root instanceof Group)) return { steps, flags, close };
    const shallow = options.shallow === true;
    // Where each object copied so far lands, relative to the copy's root ('' for the root itself).
    const placed = new Map<string, string>([[objectKey(root._h), '']]);
    const softLinks: { rel: string; holder: Group; name: string }[] = [];
    // The links H5Ocopy copies below g: hard links (each object once), soft links (to replace), and external
    // links' targets when they are expanded.
    const walk = (g: Group, prefix: string) => {
      const links: [string, string][] = shallow
        ? native.linkNames(g._h).map((n) => [n, native.linkInfo(g._h, n).type])
        : native.visitLinks(g._h);
      for (const [name, type] of links) {
        const rel = prefix + name;
        if (type === 'soft') {
          softLinks.push({ rel, holder: g, name });
        } else if (type === 'hard') {
          const key = objectKey(g._h, name);
          if (!placed.has(key)) placed.set(key, rel);
        } else if (type === 'external' && options.expandExternal) {
          const o = g.get(name);
          if (!o) continue;
          opened.push(o);
          const key = objectKey(o._h);
          if (placed.has(key)) continue;
          placed.set(key, rel);
          if (o instanceof Group && !shallow) walk(o, `${rel}/`);
        }
      }
    };
    walk(root, '');
    let holding: Set<string> | undefined;
    for (let i = 0; i < softLinks.length; i++) {
      const { rel, holder, name } = softLinks[i];
      let target: H5Item | undefined;
      try {
        target = holder.get(name);
      } catch (e) {
        if (e instanceof Hdf5Error)
          throw new Hdf5Error(`cannot copy with expandSoft: ${e.message}`, { code: e.code, file: e.file, path: e.path, frames: e.frames });
        throw e;
      }
      if (!target) {
        const where = `${holder.name === '/' ? '' : holder.name}/${name}`;
        throw h5error(ErrorCodes.NOT_FOUND, `cannot copy with expandSoft: no soft link '${where}'`, holder.file.filename, where);
      }
      opened.push(target);
      const key = objectKey(target._h);
      // A soft link to a group that holds the destination (the root, say): copying it there would copy the copy
      // being made into itself.
      if (target instanceof Group && (holding ??= groupsHolding(dest.destFile, dest.full)).has(key)) {
        const where = `${holder.name === '/' ? '' : holder.name}/${name}`;
        throw new RangeError(
          `cannot copy with expandSoft to '${dest.full}' of ${dest.destFile.filename}: the soft link '${where}' points to '${(native.linkInfo(holder._h, name) as { path: string }).path}', which holds the destination (the copy would contain itself)`,
        );
      }
      const at = placed.get(key);
      if (at !== undefined) {
        steps.push({ rel, kind: 'hard', to: at });
        continue;
      }
      placed.set(key, rel);
      steps.push({ rel, kind: 'copy', holder, name });
      if (target instanceof Group && !shallow) walk(target, `${rel}/`);
    }
    return { steps, flags, close };
  } catch (e) {
    close();
    throw e;
  }
}

/**
 * Replaces the soft link of a step by a hard link, or removes it; returns its path (relative to dh) when the
 * target is still to be copied there, else null.
 */
function replaceSoftLink(dh: NativeHandle, dn: string, step: SoftStep): string | null {
  const at = `${dn}/${step.rel}`;
  native.linkDelete(dh, at);
  if (step.kind === 'hard') {
    native.linkCreateHard(dh, at, dh, step.to === '' ? dn : `${dn}/${step.to}`);
    return null;
  }
  return at;
}

/** Removes what a failed copy wrote at dn; returns the copy's error `e` (telling when the removal failed too). */
function removePartialCopy(dh: NativeHandle, dn: string, e: unknown): unknown {
  try {
    if (native.exists(dh, dn, false)) native.linkDelete(dh, dn);
  } catch (c) {
    if (e instanceof Error) e.message += ` (the partial copy '${dn}' could not be removed: ${(c as Error).message})`;
  }
  return e;
}
