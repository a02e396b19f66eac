/**
 * Whole-file copies: one self-contained file from a file whose content sits partly behind external links.
 *
 * The source root is copied in ONE H5Ocopy call into a temporary group of the destination, so HDF5 copies
 * every object once and rewrites object references to the copies (also across expanded external links);
 * the members are then moved to the destination root, and the root's attributes (NWB's `.specloc` reference
 * among them) are written to the new root with their references still valid.
 */
import * as fs from 'fs';
import * as path from 'path';
import { native } from '../binding';
import { ErrorCodes, h5error, Hdf5Error } from '../errors';
import { DriverSpec, fsExists, fsPath, fsRealpath, normalizeDriver } from './drivers';
import { File, FileMode } from './file';
import { Dataset } from './dataset';
import { checkOptions, Group } from './group';

export interface CopyProgress {
  /** 'scan' while the source is inspected, 'copy' while data is written, 'verify', then 'done'. */
  phase: 'scan' | 'copy' | 'verify' | 'done';
  /** Bytes of the destination file so far. */
  bytesWritten: number;
  /** Bytes of dataset storage to copy (sum over the source tree, external links followed when expanded). */
  totalBytes: number;
  /** Objects visited (scan) or verified (verify). */
  objects: number;
}

export interface CopyFileOptions {
  /** Copy the targets of external links into the new file (default true: a self-contained file). */
  expandExternal?: boolean;
  /** Copy soft links' targets instead of keeping the soft links (default false: soft links stay soft). */
  expandSoft?: boolean;
  /** Destination mode: 'w' (default, truncate) or 'w-'/'x' (fail if it exists). */
  mode?: FileMode;
  /** Driver of the source file. */
  sourceDriver?: DriverSpec;
  /** Which external links may be followed (as File.open's option): a { root } folder, or 'allow'. */
  externalLinks?: 'allow' | { root: string };
  /** After copying, check that the new file holds no external link (when expanded) and the same values. */
  verify?: boolean;
  /** Called with progress while scanning, copying and verifying. */
  onProgress?: (p: CopyProgress) => void;
  /** Progress polling interval in ms (default 100). */
  progressInterval?: number;
}

const COPY_FILE_OPTIONS = ['expandExternal', 'expandSoft', 'mode', 'sourceDriver', 'externalLinks', 'verify', 'onProgress', 'progressInterval'];
const TEMP = '__h5nwb_copy_root__';

interface Scan {
  totalBytes: number;
  objects: number;
  /** Soft links inside expanded external content whose absolute targets move with the copy. */
  softRewrites: { at: string; target: string }[];
}

/** Whether an HDF5 object path names the root ('/', '//', '/.', ...). */
function isRootPath(p: string): boolean {
  return p.startsWith('/') && p.split('/').every((s) => s === '' || s === '.');
}

/** Walks the source tree the way the copy will, checking every external link that will be followed. */
/** @internal (NWBHDF5IO.copyFile) */
export function scan(src: File, expandExternal: boolean, root: string | null, onProgress?: (p: CopyProgress) => void): Scan {
  const result: Scan = { totalBytes: 0, objects: 0, softRewrites: [] };
  const seen = new Set<string>();
  const srcReal = fsRealpath(path.resolve(src.filename));
  // `base`: the folder of the file that holds g's links (relative external names resolve against it).
  // `moved`: inside expanded external content, where its source path (`from`, in the other file) lands (`to`).
  const walk = (g: Group, where: string, base: string, moved: { from: string; to: string } | null) => {
    for (const [name, type] of native.visitLinks(g._h)) {
      const full = where === '/' ? `/${name}` : `${where}/${name}`;
      if (type === 'soft' && moved) {
        // An absolute soft link of the other file that points into the copied part must follow it there.
        const t = (native.linkInfo(g._h, name) as { type: 'soft'; path: string }).path;
        const from = moved.from === '/' ? '' : moved.from;
        if (t === moved.from || (t.startsWith('/') && t.startsWith(from + '/')))
          result.softRewrites.push({ at: full, target: t === moved.from ? moved.to : moved.to + t.slice(from.length) });
        continue;
      }
      if (type === 'external') {
        const link = native.linkInfo(g._h, name) as { type: 'external'; file: string; path: string };
        if (!expandExternal) continue;
        const target = path.isAbsolute(link.file) ? link.file : path.join(base, link.file);
        if (root !== null) {
          const real = fsExists(target) ? fsRealpath(target) : path.resolve(target);
          if (real !== root && !real.startsWith(root + path.sep))
            throw h5error(ErrorCodes.LINK_REFUSED, `external link '${full}' in ${g.file.filename} leads to ${real}, outside the allowed folder ${root}`, g.file.filename, full);
        }
        if (!fsExists(target))
          throw new Hdf5Error(`cannot copy ${src.filename}: external link '${full}' points to '${link.path}' in '${link.file}', and that file does not exist`, {
            code: ErrorCodes.BROKEN_LINK, file: g.file.filename, path: full,
          });
        // The source's own root is being copied already (nothing to walk twice); finish() links it to the new root.
        if (isRootPath(link.path) && fsRealpath(target) === srcReal) continue;
        const obj = g.get(name); // throws a BROKEN_LINK error naming the link when the object is missing
        if (!obj) continue;
        const key = `${path.resolve(target)}:${link.path}`;
        if (seen.has(key)) continue;
        seen.add(key);
        result.objects++;
        if (obj instanceof Dataset) result.totalBytes += obj.storageSize;
        else if (obj instanceof Group) walk(obj, full, path.dirname(target), { from: link.path, to: full });
        continue;
      }
      if (type !== 'hard') continue;
      if (!native.exists(g._h, name, true)) continue;
      const info = native.objInfo(g._h, name);
      if (info.kind === 'dataset') {
        const d = g.getDataset(name);
        result.totalBytes += d.storageSize;
        d.close();
      }
      result.objects++;
    }
    onProgress?.({ phase: 'scan', bytesWritten: 0, totalBytes: result.totalBytes, objects: result.objects });
  };
  walk(src, '/', path.dirname(path.resolve(src.filename)), null);
  return result;
}

function fileBytes(dest: string): number {
  try {
    return fs.statSync(fsPath(dest)).size;
  } catch {
    return 0;
  }
}

function prepare(source: string, dest: string, options: CopyFileOptions) {
  options = checkOptions(options, COPY_FILE_OPTIONS, 'copyFile');
  if (typeof source !== 'string' || typeof dest !== 'string') throw new TypeError('copyFile(source, dest): two file names');
  const mode = options.mode ?? 'w';
  if (!['w', 'w-', 'x'].includes(mode)) throw new RangeError("copyFile mode must be 'w', 'w-' or 'x'");
  if (path.resolve(source) === path.resolve(dest)) throw new RangeError('copyFile: source and destination are the same file');
  const driver = normalizeDriver(options.sourceDriver);
  const el = options.externalLinks;
  const root = el && typeof el === 'object' ? fsRealpath(path.resolve(el.root)) : null;
  return { mode, driver, root, expandExternal: options.expandExternal ?? true, expandSoft: options.expandSoft ?? false };
}

/**
 * Moves the copied members to the root and re-creates the root's attributes; removes the temporary group.
 * Links to the source root inside the copy (an expanded external link to its own file's root, or an expanded
 * soft link to '/') are hard links to the temporary group, which this empties: they are pointed at the new root.
 */
function finish(dst: File): void {
  const tmp = dst.getGroup(TEMP);
  const tmpInfo = native.objInfo(tmp._h);
  for (const name of tmp.keys()) native.linkMove(tmp._h, name, dst._h, name);
  for (const name of native.attrNames(tmp._h)) {
    const a = native.attrRead(tmp._h, name);
    native.attrWrite(dst._h, name, a.dtype, a.empty ? 'empty' : a.shape, a.value);
  }
  tmp.close();
  native.linkDelete(dst._h, TEMP);
  if (tmpInfo.refCount > 1) {
    const toRoot: string[] = [];
    for (const [name, type] of native.visitLinks(dst._h))
      if (type === 'hard' && native.objInfo(dst._h, name).token === tmpInfo.token) toRoot.push(name);
    for (const name of toRoot) {
      native.linkDelete(dst._h, name);
      native.linkCreateHard(dst._h, name, dst._h, '/');
    }
  }
  // H5Ocopy with expanded references first copies a referenced object that the walk has not reached yet to
  // the destination root as '~obj_pointed_by_<address>', then hard-links it where the walk finds it: drop
  // those extra root links when the object is linked elsewhere too (its refCount is no guide: HDF5 counts
  // one link too many for such objects).
  const EXTRA = '~obj_pointed_by_';
  const extras = new Map<string, string>();
  for (const name of native.linkNames(dst._h))
    if (name.startsWith(EXTRA) && native.linkInfo(dst._h, name).type === 'hard') extras.set(native.objInfo(dst._h, name).token, name);
  if (extras.size === 0) return;
  for (const [name, type] of native.visitLinks(dst._h)) {
    if (type !== 'hard' || name.startsWith(EXTRA)) continue;
    const token = native.objInfo(dst._h, name).token;
    const extra = extras.get(token);
    if (extra === undefined) continue;
    native.linkDelete(dst._h, extra);
    extras.delete(token);
    if (extras.size === 0) break;
  }
}

/** @internal The whole content of `src` (members, root attributes, references rewritten) into the empty `dst`. */
export function copyContent(src: File, dst: File): void {
  src.copy('/', dst, TEMP, { expandRefs: true });
  finish(dst);
}

/** Points the soft links that came from expanded external content at their targets' new paths. */
function rewriteSoft(dst: File, rewrites: Scan['softRewrites']): void {
  for (const r of rewrites) {
    native.linkDelete(dst._h, r.at);
    native.linkCreateSoft(dst._h, r.at, r.target);
  }
}

/** Checks the copy: no external links (when expanded) and equal dataset values, object by object. */
/** @internal (NWBHDF5IO.copyFile) */
export function verifyCopy(srcPath: string, destPath: string, driver: DriverSpec | undefined, expandExternal: boolean, onProgress?: (p: CopyProgress) => void): void {
  const a = File.open(srcPath, 'r', { driver });
  const b = File.open(destPath, 'r');
  try {
    let objects = 0;
    const problems: string[] = [];
    onProgress?.({ phase: 'verify', bytesWritten: fileBytes(destPath), totalBytes: 0, objects });
    b.visit((name, link) => {
      if (link.type === 'external' && expandExternal) problems.push(`'/${name}' is still an external link`);
      return undefined;
    });
    // visitItems does not descend into groups behind external links: follow those (once each) when expanded.
    const entered = new Set<string>();
    const compare = (g: Group, prefix: string): true | undefined =>
      g.visitItems((rel, obj) => {
        const name = prefix + rel;
        const other = b.has(name) ? b.get(name) : undefined; // a dangling link in the copy is missing there
        if (!other) {
          problems.push(`'/${name}' is missing from the copy`);
          return undefined;
        }
        if (obj instanceof Dataset && other instanceof Dataset) {
          const x = obj.read();
          const y = other.read();
          if (!sameValues(x.data, y.data) || x.shape.join() !== y.shape.join()) problems.push(`'/${name}' differs`);
        }
        objects++;
        if (objects % 100 === 0) onProgress?.({ phase: 'verify', bytesWritten: fileBytes(destPath), totalBytes: 0, objects });
        if (expandExternal && obj instanceof Group && g.getLink(rel).type === 'external' && !entered.has(obj.objectId)) {
          entered.add(obj.objectId);
          if (compare(obj, `${name}/`)) return true;
        }
        return problems.length > 20 ? true : undefined;
      });
    compare(a, '');
    if (problems.length)
      throw h5error(ErrorCodes.H5, `copyFile verification failed for ${destPath}: ${problems.slice(0, 10).join('; ')}`, destPath);
  } finally {
    a.close();
    b.close();
  }
}

function sameValues(x: ArrayLike<unknown>, y: ArrayLike<unknown>): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const p = x[i];
    const q = y[i];
    if (p === q) continue;
    if (typeof p === 'number' && typeof q === 'number' && Number.isNaN(p) && Number.isNaN(q)) continue;
    if (p && q && typeof p === 'object' && typeof q === 'object') {
      // References are rewritten by the copy (other addresses); compare the other fields.
      if ('address' in (p as object)) continue;
      if (JSON.stringify(p, (_k, v) => (typeof v === 'bigint' ? String(v) : v)) === JSON.stringify(q, (_k, v) => (typeof v === 'bigint' ? String(v) : v))) continue;
    }
    return false;
  }
  return true;
}

function copyFlags(o: { expandExternal: boolean; expandSoft: boolean }) {
  return { expandExternal: o.expandExternal, expandSoft: o.expandSoft, expandRefs: true };
}

/**
 * Writes `dest`: the whole content of `source` in one file, external links resolved (recursively, across
 * files) unless `expandExternal: false`, soft links kept as soft links, object references pointing at the
 * copies. Runs the copy on the addon's I/O thread and reports progress. Broken or refused links fail before anything
 * is written.
 */
export async function copyFile(source: string, dest: string, options: CopyFileOptions = {}): Promise<CopyProgress> {
  options ??= {};
  const o = prepare(source, dest, options);
  const src = File.open(source, 'r', { driver: options.sourceDriver });
  let dst: File | null = null;
  let timer: NodeJS.Timeout | null = null;
  try {
    const s = scan(src, o.expandExternal, o.root, options.onProgress);
    dst = File.open(dest, o.mode);
    if (options.onProgress) {
      const cb = options.onProgress;
      timer = setInterval(() => cb({ phase: 'copy', bytesWritten: fileBytes(dest), totalBytes: s.totalBytes, objects: s.objects }), options.progressInterval ?? 100);
    }
    await src.copyAsync('/', dst, TEMP, copyFlags(o));
    if (timer) clearInterval(timer);
    timer = null;
    finish(dst);
    if (!o.expandSoft) rewriteSoft(dst, s.softRewrites);
    await dst.closeAsync();
    dst = null;
    src.close();
    if (options.verify) verifyCopy(source, dest, options.sourceDriver, o.expandExternal, options.onProgress);
    const done: CopyProgress = { phase: 'done', bytesWritten: fileBytes(dest), totalBytes: s.totalBytes, objects: s.objects };
    options.onProgress?.(done);
    return done;
  } catch (e) {
    if (timer) clearInterval(timer);
    if (dst) {
      try {
        await dst.closeAsync();
      } catch {
        /* the copy's own error is reported */
      }
      fs.rmSync(fsPath(dest), { force: true });
    }
    throw e;
  } finally {
    if (src.isOpen) src.close();
  }
}

/** copyFile without the I/O thread (blocks the event loop while HDF5 copies). */
export function copyFileSync(source: string, dest: string, options: Omit<CopyFileOptions, 'onProgress' | 'progressInterval'> = {}): CopyProgress {
  options ??= {};
  const o = prepare(source, dest, options);
  const src = File.open(source, 'r', { driver: options.sourceDriver });
  let dst: File | null = null;
  try {
    const s = scan(src, o.expandExternal, o.root);
    dst = File.open(dest, o.mode);
    src.copy('/', dst, TEMP, copyFlags(o));
    finish(dst);
    if (!o.expandSoft) rewriteSoft(dst, s.softRewrites);
    dst.close();
    dst = null;
    src.close();
    if (options.verify) verifyCopy(source, dest, options.sourceDriver, o.expandExternal);
    return { phase: 'done', bytesWritten: fileBytes(dest), totalBytes: s.totalBytes, objects: s.objects };
  } catch (e) {
    if (dst) {
      try {
        dst.close();
      } catch {
        /* reported below */
      }
      fs.rmSync(fsPath(dest), { force: true });
    }
    throw e;
  } finally {
    if (src.isOpen) src.close();
  }
}

