/**
 * The native addon: loaded once (node-gyp-build prefers a local build over the committed prebuild) and typed
 * here, entry by entry, with the libhdf5 calls each one makes. Nothing outside lib/h5 imports this file.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Hdf5Error } from './errors';

/** An HDF5 identifier owned by the addon (opaque to JS). */
export type NativeHandle = { readonly __brand: 'h5nwb.handle' };

/** Datatype descriptor exchanged with the addon. */
export type TypeDesc =
  | { class: 'integer'; size: 1 | 2 | 4 | 8; signed: boolean; order?: 'le' | 'be' }
  | { class: 'float'; size: 2 | 4 | 8 | 16; order?: 'le' | 'be' }
  | { class: 'string'; vlen: boolean; size?: number; cset: 'utf8' | 'ascii'; pad?: 'nullterm' | 'nullpad' | 'spacepad' }
  | { class: 'enum'; base: TypeDesc; members: [string, number | bigint][] }
  | { class: 'compound'; size?: number; fields: { name: string; offset?: number; type: TypeDesc }[] }
  | { class: 'reference'; kind: 'object' | 'region' | 'std'; size?: number }
  | { class: 'array'; base: TypeDesc; dims: number[] }
  | { class: 'vlen'; base: TypeDesc }
  | { class: 'opaque'; size: number; tag?: string }
  | { class: 'bitfield'; size: number; order?: 'le' | 'be' }
  | { class: 'unsupported'; size: number };

export interface NativeSelection {
  start?: number[];
  count?: number[];
  stride?: number[];
  block?: number[];
  points?: number[][];
}

export interface NativeDatasetInfo {
  dtype: TypeDesc;
  spaceClass: 'null' | 'scalar' | 'simple';
  shape: number[];
  maxshape: (number | null)[];
  layout: 'contiguous' | 'chunked' | 'compact' | 'virtual';
  chunks: number[] | null;
  filters: { id: number; name: string; optional: boolean; values: number[] }[];
  fillValue: unknown;
  fillTime?: 'alloc' | 'never' | 'ifset';
  chunkCache?: { slots: number; bytes: number; w0: number };
  storageSize: number;
  external: boolean;
}

export interface NativeAttr {
  dtype: TypeDesc;
  shape: number[] | null;
  empty: boolean;
  value: unknown;
}

export type NativeLinkInfo =
  | { type: 'hard' }
  | { type: 'soft'; path: string }
  | { type: 'external'; file: string; path: string }
  | { type: 'user' };

export interface NativeFileInfo {
  name: string;
  writable: boolean;
  swmr: boolean;
  size: number;
  openObjects: number | null;
  latestFormat?: boolean;
  driver?: string;
}

export interface Binding {
  setErrorClass(ctor: unknown): void;
  /** H5get_libversion, H5is_library_threadsafe, H5Zfilter_avail */
  libraryInfo(): { hdf5Version: string; threadsafe: boolean; headerVersion: string; szip: boolean; deflate: boolean; openIds: number | null; leftOpen: number };
  /** H5Fopen with a fapl built from the access options */
  fileOpen(path: string, writable: boolean, access: object): NativeHandle;
  fileOpenAsync(path: string, writable: boolean, access: object): Promise<NativeHandle>;
  /** H5Fcreate (H5F_ACC_EXCL or H5F_ACC_TRUNC) */
  fileCreate(path: string, exclusive: boolean, access: object, creation: object): NativeHandle;
  fileCreateAsync(path: string, exclusive: boolean, access: object, creation: object): Promise<NativeHandle>;
  /** H5Fflush then H5Idec_ref on the file's children and the file; H5Idec_ref for other handles */
  close(h: NativeHandle): void;
  closeAsync(h: NativeHandle): Promise<void>;
  isOpen(h: NativeHandle): boolean;
  /** H5Fflush(H5F_SCOPE_GLOBAL) */
  fileFlush(h: NativeHandle): void;
  fileFlushAsync(h: NativeHandle): Promise<void>;
  /** The async operations' poll budget in µs (sets it when given); see native/async/queue.h */
  asyncPollMicros(micros?: number): number;
  /** Operations a JS thread took back from the queue and ran itself (see native/async/queue.cc), for tests */
  asyncTakenBack(): number;
  /** Test hook: the I/O thread stays awake and starts nothing for ms milliseconds (0 ends it) */
  asyncHoldIoThread(ms: number): void;
  /** H5Fget_intent, H5Fget_filesize, H5Fget_obj_count, H5Pget_driver */
  fileInfo(h: NativeHandle): NativeFileInfo;
  /** H5Fget_file_image */
  fileImage(h: NativeHandle): Buffer;
  /** H5Fstart_swmr_write */
  fileStartSwmrWrite(h: NativeHandle): void;
  /** H5Fis_accessible / H5Fis_hdf5 */
  isHdf5(path: string, access: object): boolean;
  /** H5Gcreate2 with intermediate groups */
  groupCreate(loc: NativeHandle, path: string, opts: object): NativeHandle;
  /** H5Tcommit2 of the type the descriptor builds (intermediate groups created) */
  typeCommit(loc: NativeHandle, path: string, type: TypeDesc): NativeHandle;
  /** H5T descriptor of a named datatype */
  typeInfo(h: NativeHandle): TypeDesc;
  /** H5Oopen (datasets reopened with a tuned chunk cache when the cache rule asks) */
  objOpen(loc: NativeHandle, path: string): { handle: NativeHandle; kind: 'group' | 'dataset' | 'datatype' | 'other' };
  /**
   * H5Oopen as objOpen; null when no link is at the path (H5Lexists on each component, only when the open fails).
   * Once a file has followed an external link, a last link that is external is resolved natively (elink.cc).
   */
  objGet(loc: NativeHandle, path: string): { handle: NativeHandle; kind: 'group' | 'dataset' | 'datatype' | 'other' } | null;
  /** Number of external links objGet resolved itself (HDF5's search and cache, without its traversal) for the file */
  externalLinksResolved(file: NativeHandle): number;
  /** H5Lexists on each path component (+ H5Oexists_by_name when following) */
  exists(loc: NativeHandle, path: string, follow: boolean): boolean;
  /** H5Oget_info_by_name */
  objInfo(loc: NativeHandle, path?: string): { kind: string; fileno: number; token: string; refCount: number; numAttrs: number };
  /** H5Literate (creation order where tracked, else name order) */
  linkNames(group: NativeHandle): string[];
  /** H5Lget_info, H5Lget_val, H5Lunpack_elink_val */
  linkInfo(loc: NativeHandle, name: string): NativeLinkInfo;
  /** H5Lvisit */
  visitLinks(group: NativeHandle): [string, 'hard' | 'soft' | 'external' | 'user'][];
  /** H5Ldelete */
  linkDelete(loc: NativeHandle, name: string): void;
  /** H5Lmove */
  linkMove(src: NativeHandle, srcName: string, dst: NativeHandle, dstName: string): void;
  /** H5Lcreate_soft */
  linkCreateSoft(loc: NativeHandle, name: string, target: string): void;
  /** H5Lcreate_hard */
  linkCreateHard(loc: NativeHandle, name: string, targetLoc: NativeHandle, target: string): void;
  /** H5Lcreate_external */
  linkCreateExternal(loc: NativeHandle, name: string, file: string, target: string): void;
  /** H5Rcreate(H5R_OBJECT) */
  refCreate(loc: NativeHandle, path: string): bigint;
  /** H5Rdereference2 */
  refOpen(loc: NativeHandle, ref: bigint): { handle: NativeHandle; kind: 'group' | 'dataset' | 'datatype' | 'other'; path: string };
  /** H5Rget_name */
  refName(loc: NativeHandle, ref: bigint): string | null;
  /** H5Ocopy */
  objCopy(src: NativeHandle, srcName: string, dst: NativeHandle, dstName: string, opts: object): void;
  objCopyAsync(src: NativeHandle, srcName: string, dst: NativeHandle, dstName: string, opts: object): Promise<void>;
  /** H5Dcreate2 with a dcpl from the options and a dapl from the chunk-cache rule */
  datasetCreate(loc: NativeHandle, name: string, type: TypeDesc, shape: number[] | null | 'null', maxshape: (number | null)[] | undefined, dcpl: object, cache?: object): NativeHandle;
  /** H5Dget_space, H5Sget_simple_extent_dims */
  datasetShape(h: NativeHandle): number[];
  /** H5Dget_type, H5Dget_space, H5Dget_create_plist, H5Dget_access_plist */
  datasetInfo(h: NativeHandle): NativeDatasetInfo;
  /** H5Dread into `out`, or into values when out is undefined */
  datasetRead(h: NativeHandle, sel: NativeSelection | null, out?: ArrayBufferView): unknown[] | undefined;
  datasetReadAsync(h: NativeHandle, sel: NativeSelection | null, out?: ArrayBufferView): Promise<unknown[] | undefined>;
  /**
   * readIntoAsync's path for a plain { start, count } hyperslab of a dataset of rank >= 1 (checked natively);
   * `slab` holds start (n numbers) then count (n numbers), read during the call
   */
  datasetReadSlabAsync<T extends ArrayBufferView>(h: NativeHandle, slab: Float64Array, n: number, out: T): Promise<T>;
  /**
   * readInto with a plain { start, count } hyperslab (numbers in `slab` as for datasetReadSlabAsync): checks it
   * (as resolveSelection) and H5Dread; null for scalars
   */
  datasetReadSlab(h: NativeHandle, slab: Float64Array, n: number, out: ArrayBufferView): undefined | null;
  /** H5Dwrite from a TypedArray or packed values */
  datasetWrite(h: NativeHandle, sel: NativeSelection | null, data: unknown): void;
  datasetWriteAsync(h: NativeHandle, sel: NativeSelection | null, data: unknown): Promise<void>;
  /**
   * H5Dset_extent + H5Sselect_hyperslab + H5Dwrite; the extent is restored if the write fails. With the handle and
   * the data only: as many whole rows as a TypedArray holds, along axis 0, and null (nothing done) for anything
   * else. Both forms refuse rows past maxshape (RangeError) before growing anything.
   */
  datasetAppend(h: NativeHandle, data: unknown, axis: number, rows: number): number;
  datasetAppend(h: NativeHandle, data: unknown): number | null;
  datasetAppendAsync(h: NativeHandle, data: unknown, axis: number, rows: number): Promise<number>;
  /**
   * The inline forms of the async twins: run at once when the HDF5 lock is free, the data is a TypedArray of at
   * most 64 KiB and the dataset has no filters (nor external/virtual storage, nor chunks over 1 MiB that the
   * chunk cache would hold); null (without doing anything) otherwise.
   */
  datasetAppendNow(h: NativeHandle, data: ArrayBufferView, axis: number, rows: number): number | null;
  datasetAppendNow(h: NativeHandle, data: ArrayBufferView): number | null;
  datasetReadNow(h: NativeHandle, sel: NativeSelection | null, out: ArrayBufferView): true | null;
  datasetWriteNow(h: NativeHandle, sel: NativeSelection | null, data: ArrayBufferView): true | null;
  /** H5Dset_extent */
  datasetResize(h: NativeHandle, shape: number[]): void;
  /** H5Drefresh */
  datasetRefresh(h: NativeHandle): void;
  /** H5Dflush */
  datasetFlush(h: NativeHandle): void;
  /** H5Dwrite_chunk */
  chunkWrite(h: NativeHandle, offset: number[], bytes: ArrayBufferView, filterMask: number): void;
  /** H5Dread_chunk */
  chunkRead(h: NativeHandle, offset: number[]): { data: Buffer; filterMask: number };
  /** H5Dget_num_chunks, H5Dget_chunk_info */
  chunkInfo(h: NativeHandle): { offset: number[]; filterMask: number; address: number; size: number }[];
  /** H5Aiterate2 */
  attrNames(h: NativeHandle): string[];
  /** H5Aexists */
  attrExists(h: NativeHandle, name: string): boolean;
  /** H5Adelete */
  attrDelete(h: NativeHandle, name: string): void;
  /** H5Aopen, H5Aread */
  attrRead(h: NativeHandle, name: string): NativeAttr;
  /** H5Adelete (if present), H5Acreate2, H5Awrite */
  attrWrite(h: NativeHandle, name: string, type: TypeDesc, shape: number[] | null | 'empty', data: unknown): void;
}

/**
 * Which addon file: node-gyp-build's choice (build/Release when there is a local build, else
 * prebuilds/<platform>-<arch>/), unless H5NWB_ADDON says 'build' (build/Release only) or 'prebuild' (the
 * committed prebuild only; CI runs tests against both).
 */
function addonPath(root: string): string {
  const which = process.env.H5NWB_ADDON || '';
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  if (which === '') return require('node-gyp-build').resolve(root) as string;
  if (which === 'build') return path.join(root, 'build', 'Release', 'h5nwb.node');
  if (which === 'prebuild') {
    const dir = path.join(root, 'prebuilds', `${process.platform}-${process.arch}`);
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.node')) : [];
    if (files.length !== 1) throw new Error(`H5NWB_ADDON=prebuild: expected one .node file in ${dir}, found ${files.length}`);
    return path.join(dir, files[0]);
  }
  throw new Error(`H5NWB_ADDON must be 'build', 'prebuild' or unset, not '${which}'`);
}

/** The addon file that was loaded. */
export let addonFile = '';

function load(): Binding {
  // lib/ (sources, under ts-jest) and dist/ (compiled) both sit one level below the package root.
  const root = path.resolve(__dirname, '..');
  addonFile = addonPath(root);
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const addon = require(addonFile) as Binding;
  addon.setErrorClass(Hdf5Error);
  // The addon's exports object holds some 50 functions added one by one, which leaves it in V8's slow
  // (dictionary) mode: every `native.fn(...)` would then be a hash lookup instead of an inline-cached load. A
  // copy made by an object literal's spread is a fast-mode object.
  return { ...addon };
}

export const native: Binding = load();
