/** File drivers and access options as typed data; the addon turns them into one file access property list. */
import * as fs from 'fs';
import * as path from 'path';

export type MultiMemberType = 'super' | 'btree' | 'draw' | 'gheap' | 'lheap' | 'ohdr';

/** The file driver (HDF5 virtual file driver) and its settings. */
export type DriverSpec =
  | 'sec2'
  | 'stdio'
  | 'core'
  | 'family'
  | 'split'
  | 'multi'
  | { driver: 'sec2' }
  | { driver: 'stdio' }
  /**
   * In memory. backingStore: write the file to `path` on close (default true, as h5py's, except with an image).
   * image: open these bytes instead of a file (modes 'r', 'r+', 'a').
   */
  | { driver: 'core'; backingStore?: boolean; image?: Buffer | Uint8Array; increment?: number }
  /** One logical file split into members of `memberSize` bytes; the path holds a printf-style `%d`. */
  | { driver: 'family'; memberSize: number }
  /** Metadata and raw data in two files: path + metaExt and path + rawExt. */
  | { driver: 'split'; metaExt?: string; rawExt?: string }
  /** Each kind of HDF5 storage in its own member file: path + suffix per type (types without a suffix go to 'super'). */
  | { driver: 'multi'; members?: Partial<Record<MultiMemberType, string>>; relax?: boolean };

export type LibverBound = 'earliest' | 'v18' | 'v110' | 'v112' | 'v114' | 'latest';

export interface FileOptions {
  driver?: DriverSpec;
  /** File format bounds: a low bound (high = latest), or [low, high]. SWMR needs 'latest'. */
  libver?: LibverBound | [LibverBound, LibverBound];
  /** Open for single-writer/multiple-reader access (readers in mode r; writers in r+ or after startSwmrWrite). */
  swmr?: boolean;
  /** New files: list the root group's links and attributes in creation order. */
  trackOrder?: boolean;
  /** New files: size of the user block at the start of the file. */
  userblock?: number;
  /**
   * Which external links may be followed: 'allow' (default), 'deny' (none), or { root } (only links whose target
   * file lies inside that folder).
   */
  externalLinks?: 'allow' | 'deny' | { root: string };
  /** A folder searched first for external link targets (HDF5's elink prefix). */
  externalLinkPrefix?: string;
  /** Keep up to this many external-link target files open between traversals (much faster repeated reads). */
  externalLinkCacheSize?: number;
  /** HDF5 file locking (default: the library's default). */
  locking?: boolean;
}

export const FILE_OPTION_KEYS = [
  'driver', 'libver', 'swmr', 'trackOrder', 'userblock', 'externalLinks', 'externalLinkPrefix',
  'externalLinkCacheSize', 'locking',
];

const LIBVER_ORDER: LibverBound[] = ['earliest', 'v18', 'v110', 'v112', 'v114', 'latest'];

/**
 * Checks the values of File.open's options (the keys are checked by checkOptions): a wrong type or a value out of
 * range is a TypeError or RangeError naming the option, before any file is touched.
 */
export function checkFileOptionValues(o: FileOptions): void {
  const bool = (k: 'swmr' | 'trackOrder' | 'locking') => {
    if (o[k] !== undefined && typeof o[k] !== 'boolean') throw new TypeError(`${k} must be true or false; got ${describeValue(o[k])}`);
  };
  bool('swmr');
  bool('trackOrder');
  bool('locking');
  const ub = o.userblock;
  if (ub !== undefined) {
    if (typeof ub !== 'number') throw new TypeError(`userblock must be a number of bytes; got ${describeValue(ub)}`);
    // (HDF5's rule: 0, or a power of two of at least 512)
    if (!Number.isSafeInteger(ub) || ub < 0 || (ub !== 0 && (ub < 512 || (BigInt(ub) & (BigInt(ub) - 1n)) !== 0n)))
      throw new RangeError(`userblock must be 0 or a power of two from 512 bytes (512, 1024, 2048, ...); got ${ub}`);
  }
  const pre = o.externalLinkPrefix;
  if (pre !== undefined) {
    if (typeof pre !== 'string') throw new TypeError(`externalLinkPrefix must be a folder path; got ${describeValue(pre)}`);
    if (pre.includes('\0')) throw new RangeError('externalLinkPrefix must not contain NUL characters');
  }
  const lv = o.libver;
  if (lv !== undefined) {
    const bounds = Array.isArray(lv) ? lv : [lv, 'latest'];
    if (bounds.length !== 2 || !bounds.every((b) => typeof b === 'string'))
      throw new TypeError(`libver must be a bound or [low, high] (${LIBVER_ORDER.join(', ')}); got ${describeValue(lv)}`);
    for (const b of bounds)
      if (!LIBVER_ORDER.includes(b as LibverBound)) throw new RangeError(`unknown libver bound '${b}' (expected ${LIBVER_ORDER.join(', ')})`);
    const [lo, hi] = bounds.map((b) => LIBVER_ORDER.indexOf(b as LibverBound));
    if (lo > hi) throw new RangeError(`libver [${bounds.join(', ')}]: the low bound is above the high bound`);
    if (hi === 0) throw new RangeError("libver: the high bound cannot be 'earliest'");
  }
}

function describeValue(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  if (typeof v === 'bigint') return `${v}n`;
  return Array.isArray(v) ? 'an array' : `a ${typeof v}`;
}

const DRIVER_KEYS: Record<string, string[]> = {
  sec2: ['driver'],
  stdio: ['driver'],
  core: ['driver', 'backingStore', 'image', 'increment'],
  family: ['driver', 'memberSize'],
  split: ['driver', 'metaExt', 'rawExt'],
  multi: ['driver', 'members', 'relax'],
};

/** Normalised driver settings as the addon reads them. */
export interface NativeAccess {
  driver: string;
  [k: string]: unknown;
}

export function normalizeDriver(d: DriverSpec | undefined): NativeAccess {
  if (d === undefined) return { driver: 'sec2' };
  const spec = typeof d === 'string' ? ({ driver: d } as { driver: string }) : d;
  if (typeof spec !== 'object' || spec === null || typeof spec.driver !== 'string')
    throw new TypeError("driver must be a name ('sec2', 'core', ...) or { driver, ... }");
  const keys = DRIVER_KEYS[spec.driver];
  if (!keys) throw new RangeError(`unknown driver '${spec.driver}' (expected ${Object.keys(DRIVER_KEYS).join(', ')})`);
  for (const k of Object.keys(spec))
    if (!keys.includes(k)) throw new TypeError(`unknown option '${k}' for the ${spec.driver} driver (expected ${keys.join(', ')})`);
  const out: NativeAccess = { ...(spec as object), driver: spec.driver };
  if (spec.driver === 'family') {
    const ms = (spec as { memberSize?: unknown }).memberSize;
    if (typeof ms !== 'number' || !Number.isInteger(ms) || ms <= 0)
      throw new RangeError('the family driver needs a positive integer memberSize (bytes)');
  }
  if (spec.driver === 'split') {
    // HDF5 makes a printf format of each extension: a % there would be read as a directive.
    for (const k of ['metaExt', 'rawExt'] as const) {
      const ext = (spec as { metaExt?: unknown; rawExt?: unknown })[k];
      if (ext === undefined) continue;
      if (typeof ext !== 'string' || !ext) throw new TypeError(`the split driver's ${k} must be a non-empty string`);
      if (ext.includes('%') || ext.includes('\0')) throw new RangeError(`the split driver's ${k} must not contain % or NUL: '${ext}'`);
    }
  }
  if (spec.driver === 'core') {
    const { increment, backingStore } = spec as { increment?: unknown; backingStore?: unknown };
    if (increment !== undefined && (typeof increment !== 'number' || !Number.isSafeInteger(increment) || increment < 1))
      throw new RangeError(`the core driver's increment must be a positive whole number of bytes; got ${describeValue(increment)}`);
    if (backingStore !== undefined && typeof backingStore !== 'boolean')
      throw new TypeError(`the core driver's backingStore must be true or false; got ${describeValue(backingStore)}`);
    const img = (spec as { image?: unknown }).image;
    if (img !== undefined) {
      if (!(img instanceof Uint8Array)) throw new TypeError('core driver image must be a Buffer');
      out.image = Buffer.isBuffer(img) ? img : Buffer.from(img.buffer, img.byteOffset, img.byteLength);
    }
    // As h5py: the file on disk is written on close unless told otherwise (an image has no file of its own).
    if (backingStore === undefined) out.backingStore = img === undefined;
  }
  if (spec.driver === 'multi') {
    const relax = (spec as { relax?: unknown }).relax;
    if (relax !== undefined && typeof relax !== 'boolean') throw new TypeError(`the multi driver's relax must be true or false; got ${describeValue(relax)}`);
    const m = (spec as { members?: Record<string, unknown> }).members;
    if (m !== undefined) {
      const allowed = ['super', 'btree', 'draw', 'gheap', 'lheap', 'ohdr'];
      for (const [k, v] of Object.entries(m)) {
        if (!allowed.includes(k)) throw new TypeError(`unknown multi member type '${k}' (expected ${allowed.join(', ')})`);
        if (typeof v !== 'string' || !v) throw new TypeError(`multi member '${k}' needs a file suffix`);
        if (v.includes('%') || v.includes('\0')) throw new RangeError(`multi member '${k}' suffix must not contain % or NUL: '${v}'`);
      }
    }
  }
  return out;
}

/** Expands a printf-style %d (also %0Nd) in a family path. */
export function familyMemberName(p: string, index: number): string {
  return p.replace(/%(0?)(\d*)d/, (_m, zero: string, width: string) => {
    const s = String(index);
    return width ? s.padStart(Number(width), zero ? '0' : ' ') : s;
  });
}

/** The file whose existence says whether the (logical) file exists. */
export function primaryFile(p: string, access: NativeAccess): string | null {
  switch (access.driver) {
    case 'family':
      return familyMemberName(p, 0);
    case 'split':
      return p + ((access.metaExt as string | undefined) ?? '-m.h5');
    case 'multi': {
      const m = access.members as Record<string, string> | undefined;
      return p + (m?.super ?? '-s.h5');
    }
    case 'core':
      return access.image ? null : p;
    default:
      return p;
  }
}

/**
 * The existing files that creating `p` over them (mode 'w') would truncate. HDF5 truncates before it takes its
 * file lock, so the addon first checks that none of these is locked by another open (see native ProbeLocks).
 */
export function filesToTruncate(p: string, access: NativeAccess): string[] {
  const out: string[] = [];
  const add = (f: string) => {
    if (fs.existsSync(fsPath(f))) out.push(f);
  };
  switch (access.driver) {
    case 'family':
      for (let i = 0; ; i++) {
        const m = familyMemberName(p, i);
        if (!fs.existsSync(fsPath(m))) break;
        out.push(m);
      }
      break;
    case 'split':
      add(p + ((access.metaExt as string | undefined) ?? '-m.h5'));
      add(p + ((access.rawExt as string | undefined) ?? '-r.h5'));
      break;
    case 'multi': {
      const m = access.members as Record<string, string> | undefined;
      const suffixes = m ? new Set(['super', ...Object.keys(m)].map((k) => m[k] ?? '-s.h5')) : new Set(['-s.h5', '-b.h5', '-r.h5', '-g.h5', '-l.h5', '-o.h5']);
      for (const s of suffixes) add(p + s);
      break;
    }
    case 'core':
      // (without a backing store the driver never opens the file on disk)
      if (access.backingStore && !access.image) add(p);
      break;
    default:
      add(p);
  }
  return out;
}

/** Whether HDF5 will lock files opened with these options (the option, then HDF5_USE_FILE_LOCKING, decide). */
export function lockingInEffect(locking: unknown): boolean {
  const env = process.env.HDF5_USE_FILE_LOCKING;
  if (env === 'FALSE' || env === '0') return false;
  if (env === 'TRUE' || env === '1' || env === 'BEST_EFFORT') return true;
  return locking !== false;
}

/**
 * A path as the file system knows it. Names read from a file whose bytes are not UTF-8 hold those bytes escaped as
 * lone surrogates (U+DC80 + byte - 0x80, as the addon reads and writes them); Node would write each such
 * surrogate as U+FFFD, so such a path goes to fs as its bytes.
 */
export function fsPath(p: string): string | Buffer {
  if (!/[\udc80-\udcff]/.test(p)) return p;
  const parts: Buffer[] = [];
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < p.length && (p.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    if (pair) {
      parts.push(Buffer.from(p.slice(i, i + 2)));
      i++;
    } else if (c >= 0xdc80 && c <= 0xdcff) {
      parts.push(Buffer.of(c - 0xdc00));
    } else {
      parts.push(Buffer.from(p[i]));
    }
  }
  return Buffer.concat(parts);
}

/** Length of the valid UTF-8 sequence at b[i], or 0 when the bytes there are not one (the addon's rules). */
function utf8SeqLen(b: Uint8Array, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  let len: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) len = 2;
  else if (c >= 0xe0 && c <= 0xef) {
    len = 3;
    if (c === 0xe0) lo = 0xa0;
    else if (c === 0xed) hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    len = 4;
    if (c === 0xf0) lo = 0x90;
    else if (c === 0xf4) hi = 0x8f;
  } else return 0;
  if (i + len > b.length || b[i + 1] < lo || b[i + 1] > hi) return 0;
  for (let k = 2; k < len; k++) if ((b[i + k] & 0xc0) !== 0x80) return 0;
  return len;
}

/** fsPath's inverse: a path the file system gave as bytes, with bytes that are not UTF-8 escaped as the addon does. */
function fromFsPath(b: Buffer): string {
  let out = '';
  let run = 0; // start of the current run of valid UTF-8
  for (let i = 0; i < b.length; ) {
    const n = utf8SeqLen(b, i);
    if (n > 0) {
      i += n;
      continue;
    }
    out += b.toString('utf8', run, i) + String.fromCharCode(0xdc00 + b[i]);
    i++;
    run = i;
  }
  return out + b.toString('utf8', run);
}

/** fs.existsSync and fs.realpathSync for paths that may hold escaped bytes (see fsPath). */
export function fsExists(p: string): boolean {
  return fs.existsSync(fsPath(p));
}

export function fsRealpath(p: string): string {
  // (the native form: fs.realpathSync turns a Buffer path into a UTF-8 string first, losing such bytes)
  return fromFsPath(fs.realpathSync.native(fsPath(p), { encoding: 'buffer' }));
}

export function exists(p: string | null): boolean {
  return p !== null && fs.existsSync(fsPath(p));
}

export function isDirectory(p: string): boolean {
  try {
    return fs.statSync(fsPath(p)).isDirectory();
  } catch {
    return false; // missing or unreadable: the open reports that
  }
}

/**
 * The first member of an existing family file that is a directory, if any. (HDF5's family driver ends the family
 * at the first member it cannot open, so opening for writing past such a member would look like a cut file.)
 */
export function familyDirectoryMember(p: string): string | null {
  for (let i = 0; ; i++) {
    const m = familyMemberName(p, i);
    const st = fs.statSync(fsPath(m), { throwIfNoEntry: false });
    if (st === undefined) return null;
    if (st.isDirectory()) return m;
  }
}

/** For a family file opened with the wrong member size: the size its first member suggests, if it tells. */
export function suggestedMemberSize(p: string): number | null {
  try {
    const first = fs.statSync(fsPath(familyMemberName(p, 0))).size;
    const second = familyMemberName(p, 1);
    if (fs.existsSync(fsPath(second)) && first > 0) return first;
  } catch {
    /* no hint */
  }
  return null;
}

export function checkFamilyPath(p: string): void {
  if (!/%0?\d*d/.test(p)) throw new RangeError(`a family file path needs a printf-style %d for the member number: '${p}'`);
  // HDF5 uses the whole path as a printf format: any other % (in a folder name too) would be read as a directive.
  if (p.split('%').length > 2) throw new RangeError(`a family file path must hold exactly one %, its %d: '${p}'`);
}
