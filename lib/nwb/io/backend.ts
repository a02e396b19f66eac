/**
 * The HDF5 backend: the one file of lib/nwb that touches HDF5. It reads a file into a read tree (metadata
 * eagerly, array data as lazy datasets) and writes builder trees into a file: groups, datasets with the types
 * PyNWB writes, attributes, soft and external links, object references, and the namespace cache.
 */
import * as path from 'path';
import { Dataset, Datatype, File, Group, Reference } from '../../h5';
import { canonicalPath } from '../../h5/group';
import { Hdf5Error } from '../../errors';
import type { CreateDatasetOptions, H5Item } from '../../h5';
import { isNdArray, normalize } from '../../h5/data';
import { isTypedArray, nameOfTypedArray } from '../../h5/dtype';
import type { TypeDesc } from '../../binding';
import type { AttrBuilder, Builder, DatasetBuilder, GroupBuilder, PathLinkBuilder } from '../build/builders';
import { PendingLink, ReadDataset, ReadGroup, ReadNode, ReadVia } from '../build/mapper';
import { Container } from '../containers/base';
import type { NamespaceCatalog } from '../spec/catalog';
import { textsOf } from '../spec/texts';
import { H5DataIO, isChunkSource } from './dataio';
import { h5TypeFor, isRefDtype, isTextDtype } from './dtypes';

/** Text and reference arrays up to this many elements are read eagerly; numeric arrays are always lazy. */
const EAGER_LIMIT = 100000;

export interface BrokenLink {
  /** The link's path in the file being read. */
  link: string;
  /** The file the link lives in. */
  file: string;
  /** The link's target: file (external) and path. */
  target: { file: string | null; path: string };
  reason: string;
}

/** Where a dataset read from a file really lives (external links open objects of other files). */
const realLocation = new WeakMap<Dataset, { file: string; path: string }>();

export function locationOf(d: Dataset): { file: string; path: string } {
  return realLocation.get(d) ?? { file: path.resolve(d.file.filename), path: d.name };
}

function abs(p: string): string {
  return path.resolve(p);
}

// ------------------------------------------------------------------------------------------------- read

export class TreeReader {
  readonly broken: BrokenLink[] = [];
  private readonly files = new Map<string, File>();

  constructor(private readonly root: File) {
    this.files.set(abs(root.filename), root);
  }

  /**
   * Reads one object of another file that something read so far refers to (an ElectricalSeries reached through
   * an external link refers to the electrodes table of its own file). The file stays open until close().
   */
  readOther(file: string, p: string): ReadGroup | ReadDataset | null {
    let f = this.files.get(file);
    if (!f) {
      f = File.open(file, 'r');
      this.files.set(file, f);
      this.opened.push(f);
    }
    const obj = f.get(p);
    if (!obj || obj instanceof Datatype) return null;
    const name = p.slice(p.lastIndexOf('/') + 1);
    if (obj instanceof Dataset) {
      realLocation.set(obj, { file, path: p });
      return { kind: 'dataset', name, path: p, file, ...this.readAttrs(obj, file), value: this.datasetValue(obj, file), via: { type: 'hard' } };
    }
    return this.readGroup(obj, p, file, { type: 'hard' }, name);
  }

  /** Files opened by readOther (closed with the IO). */
  readonly opened: File[] = [];

  read(): ReadGroup {
    return this.readGroup(this.root, '/', abs(this.root.filename), { type: 'hard' }, '');
  }

  /** The attributes of an object, and the HDF5 type each had (kept for those the spec does not declare). */
  private readAttrs(obj: Group | Dataset, file: string): { attributes: Record<string, unknown>; attrTypes: Record<string, TypeDesc> } {
    const attributes: Record<string, unknown> = {};
    const attrTypes: Record<string, TypeDesc> = {};
    const attrs = obj.attrs;
    for (const k of attrs.keys()) {
      // getInfo: the names are known to exist (get() would ask libhdf5 again first).
      const info = attrs.getInfo(k);
      attributes[k] = this.mapRefs(info.value, obj, file);
      if (!info.empty) attrTypes[k] = info.dtype;
    }
    return { attributes, attrTypes };
  }

  private mapRefs(v: unknown, obj: Group | Dataset, file: string): unknown {
    if (v instanceof Reference) return this.refToPending(v, obj, file);
    if (Array.isArray(v)) return v.map((x) => (x instanceof Reference ? this.refToPending(x, obj, file) : x));
    return v;
  }

  private refToPending(r: Reference, obj: Group | Dataset, file: string): PendingLink | null {
    if (r.isNull) return null;
    try {
      const t = obj.file.deref(r);
      const p = t.name;
      t.close();
      return new PendingLink(file, p);
    } catch (e) {
      // A reference that does not resolve is reported like a broken link, never silently dropped.
      const where = locationOf(obj as Dataset);
      this.broken.push({
        link: where.path, file, target: { file: null, path: `(object reference ${r.address})` },
        reason: `an object reference of ${where.path} cannot be resolved: ${e instanceof Error ? e.message : String(e)}`,
      });
      return null;
    }
  }

  /** Groups read through hard links: 'file::objectId' -> the path they were read at. */
  private readonly hardGroups = new Map<string, string>();

  /** The groups being read, outermost first: a link back to one of them is read as a link, not followed. */
  private readonly reading: { id: string; path: string; file: string }[] = [];

  private readGroup(g: Group, p: string, file: string, via: ReadVia, name: string): ReadGroup {
    const node: ReadGroup = { kind: 'group', name, path: p, file, ...this.readAttrs(g, file), members: new Map(), via };
    // The namespace cache (where the root's .specloc points, /specifications by convention) is the file's, not
    // the tree's: the catalog reads it, and every write writes it anew.
    const specloc = p !== '/' ? null : node.attributes['.specloc'] instanceof PendingLink ? (node.attributes['.specloc'] as PendingLink).path : '/specifications';
    this.reading.push({ id: g.objectId, path: p, file });
    try {
      for (const key of g.keys()) {
        const childPath = p === '/' ? `/${key}` : `${p}/${key}`;
        if (childPath === specloc) continue;
        const m = this.readMember(g, key, childPath, file);
        if (m) node.members.set(key, m);
      }
    } finally {
      this.reading.pop();
    }
    return node;
  }

  private readMember(g: Group, key: string, childPath: string, file: string): ReadNode | null {
    const link = g.getLink(key);
    let obj: H5Item | undefined;
    try {
      obj = g.get(key);
    } catch (e) {
      const target = link.type === 'external' ? { file: link.file, path: link.path } : { file: null, path: link.type === 'soft' ? link.path : childPath };
      const reason = e instanceof Error ? e.message : String(e);
      this.broken.push({ link: childPath, file, target, reason });
      return {
        kind: 'broken', name: key, path: childPath, reason,
        link: link.type === 'external' ? { type: 'external', file: link.file, path: link.path } : { type: 'soft', path: target.path },
      };
    }
    if (!obj) return null;
    if (obj instanceof Datatype) {
      // (named datatypes are no part of NWB: not read into the tree)
      obj.close();
      return null;
    }
    let via: ReadVia = { type: 'hard' };
    let objFile = file;
    let objPath = childPath;
    if (link.type === 'soft') {
      via = { type: 'soft', path: link.path };
      objPath = link.path.startsWith('/') ? link.path : canonicalPath(`${path.posix.dirname(childPath)}/${link.path}`);
    } else if (link.type === 'external') {
      objFile = abs(path.isAbsolute(link.file) ? link.file : path.join(path.dirname(file), link.file));
      objPath = link.path;
      via = { type: 'external', file: link.file, path: link.path };
    }
    // Handles not kept in the tree are closed once read: many open objects slow every later libhdf5 call and
    // the file's close.
    if (obj instanceof Dataset) {
      realLocation.set(obj, { file: objFile, path: objPath });
      const node: ReadDataset = { kind: 'dataset', name: key, path: objPath, file: objFile, ...this.readAttrs(obj, objFile), value: this.datasetValue(obj, objFile), via };
      if (node.value !== obj) obj.close();
      return node;
    }
    if (link.type === 'soft') {
      // The target is read where it lives; here only the link is recorded.
      const node: ReadGroup = { kind: 'group', name: key, path: objPath, file, ...this.readAttrs(obj, file), members: new Map(), via };
      obj.close();
      return node;
    }
    // A hard or external link back to a group being read (an ancestor, or the file's own root): following it
    // would never end. It is read as a link to that group, as a soft link to it would be.
    const id = obj.objectId;
    const ancestor = this.reading.find((r) => r.id === id);
    if (ancestor) {
      const node: ReadGroup = {
        kind: 'group', name: key, path: ancestor.path, file: ancestor.file, ...this.readAttrs(obj, ancestor.file),
        members: new Map(), via: { type: 'soft', path: ancestor.path },
      };
      obj.close();
      return node;
    }
    // A second hard link to a group already read: read as a link to where it was read first, so that it is one
    // container (or one untyped group) in two places, written once and shared, not twice (as HDMF reads it).
    const seenKey = `${objFile}::${id}`;
    const first = via.type === 'hard' ? this.hardGroups.get(seenKey) : undefined;
    if (first !== undefined) {
      const node: ReadGroup = { kind: 'group', name: key, path: first, file: objFile, ...this.readAttrs(obj, objFile), members: new Map(), via: { type: 'soft', path: first } };
      obj.close();
      return node;
    }
    const node = this.readGroup(obj, objPath, objFile, via, key);
    if (via.type === 'hard') this.hardGroups.set(seenKey, objPath);
    obj.close();
    return node;
  }

  private datasetValue(d: Dataset, file: string): unknown {
    const shape = d.shape;
    const kind = d.dtype;
    if (shape.length === 0) {
      const v = d.readValue();
      return v instanceof Reference ? this.refToPending(v, d, file) : v;
    }
    const n = shape.reduce((a, b) => a * b, 1);
    if ((kind === 'string' || kind === 'ref' || kind === 'compound') && n <= EAGER_LIMIT) {
      const r = d.read();
      const data = (r.data as unknown[]).map((x) => this.mapCompoundRefs(x, d, file));
      return shape.length === 1 ? data : { data, shape };
    }
    return d;
  }

  private mapCompoundRefs(x: unknown, d: Dataset, file: string): unknown {
    if (x instanceof Reference) return this.refToPending(x, d, file);
    if (x && typeof x === 'object' && !Array.isArray(x) && !(x instanceof Uint8Array)) {
      const o = x as Record<string, unknown>;
      for (const k of Object.keys(o)) if (o[k] instanceof Reference) o[k] = this.refToPending(o[k] as Reference, d, file);
    }
    return x;
  }
}

// ------------------------------------------------------------------------------------------------ write

export interface WriteOptions {
  /** Link datasets of other files (true, default) or copy them (false). */
  linkData: boolean;
  /** When exporting: the source file whose objects are written here (links into it are not kept). */
  exportSource?: string | null;
  /** Keep the root's nwb_version as read (a faithful copy) instead of the version of the spec written. */
  keepVersion?: boolean;
  /** Called after each dataset copied from another file, with its storage size in bytes. */
  onCopied?: (bytes: number) => void;
}

interface Deferred {
  run: () => void;
}

/** Values as the HDF5 layer takes them (Dates to ISO strings, containers left for references). */
function plain(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) {
    // A copy only when something in it changes (large arrays of numbers pass as they are, found by one built-in
    // pass: Number.isFinite is false for anything but a finite number).
    if (v.every(Number.isFinite)) return v;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x === 'object' && x !== null && (x instanceof Date || Array.isArray(x))) return v.map(plain);
    }
    return v;
  }
  return v;
}

export class TreeWriter {
  /** Where each container written (or already present) lives: path in this file. */
  readonly placed = new Map<Container, string>();
  private readonly deferred: Deferred[] = [];
  readonly pendingIterators: { dataset: Dataset; source: Iterable<unknown> | AsyncIterable<unknown> }[] = [];
  /** Datasets of other files copied here: 'file::path' of the source -> path in this file. */
  private readonly copied = new Map<string, string>();
  /** Groups this writer created: empty when made, so their members need no existence checks. */
  private readonly created = new WeakSet<Group>();
  private readonly here: string;

  constructor(
    private readonly file: File,
    private readonly catalog: NamespaceCatalog,
    private readonly options: WriteOptions,
  ) {
    this.here = abs(file.filename);
  }

  /** Writes the root builder into the file's root group. */
  writeRoot(b: GroupBuilder): void {
    if (b.container) this.placed.set(b.container, '/');
    let attrs = b.attributes;
    const kept = b.container?.get('@nwb_version');
    if (this.options.keepVersion && typeof kept === 'string') {
      attrs = new Map(attrs);
      attrs.set('nwb_version', { value: kept, dtype: 'text' });
    } else if (b.container && this.existingHere(b.container) && this.file.attrs.has('nwb_version')) {
      // An append keeps the file's nwb_version: what is already in it was written to that version.
      attrs = new Map(attrs);
      attrs.delete('nwb_version');
    }
    this.writeAttributes(this.file, attrs, '/');
    // (an append: the root's own datasets, identifier and the like, are rewritten when the NWBFile changed)
    const changed = b.container ? b.container._modified : false;
    for (const m of b.members.values()) this.writeMember(this.file, '/', m, changed);
    if (b.container?._cleared && this.existingHere(b.container)) this.removeCleared(this.file, '/', b, b.container);
  }

  /** Links and references, once every object has its place. */
  finish(): void {
    for (const d of this.deferred) d.run();
    this.deferred.length = 0;
  }

  private child(p: string, name: string): string {
    return p === '/' ? `/${name}` : `${p}/${name}`;
  }

  /** `ownerChanged`: the container that owns an untyped member was changed since it was read (append). */
  private writeMember(parent: Group, parentPath: string, b: Builder, ownerChanged = false): void {
    const p = this.child(parentPath, b.name);
    if (b.kind === 'group') {
      if (b.container && this.existingHere(b.container)) {
        // Already in this file (append): only what is new below it is written.
        this.placed.set(b.container, b.container._origin!.path);
      }
      let g: Group;
      const existing = this.created.has(parent) ? undefined : parent.has(b.name) ? parent.get(b.name) : undefined;
      if (existing instanceof Group) g = existing;
      else {
        g = parent.createGroup(b.name);
        this.created.add(g);
      }
      if (b.container) this.placed.set(b.container, p);
      const fresh = !(existing instanceof Group);
      const deferred = this.deferred.length;
      const changed = b.container ? b.container._modified : ownerChanged;
      if (fresh || changed) this.writeAttributes(g, b.attributes, p);
      for (const m of b.members.values()) this.writeMember(g, p, m, changed);
      if (!fresh && b.container?._cleared && this.existingHere(b.container)) this.removeCleared(g, p, b, b.container);
      // Close the group unless work deferred to finish() holds it (many open objects slow libhdf5 down).
      if (this.deferred.length === deferred) g.close();
      return;
    }
    if (b.kind === 'link') {
      this.deferLink(parent, p, b.name, b.target, b.member);
      return;
    }
    if (b.kind === 'pathlink') {
      this.deferPathLink(parent, p, b);
      return;
    }
    this.writeDataset(parent, p, b, ownerChanged);
  }

  /**
   * An append: the places of a container read from this file that were cleared since (set to undefined) and that
   * the builder no longer has (a default value takes the place of a cleared attribute instead) are removed from
   * the file: an attribute, a member dataset or group, a link. Only what the file holds under hard links is
   * touched (a link's target belongs to another object, or another file: the link alone is removed).
   */
  private removeCleared(obj: Group | Dataset, p: string, b: GroupBuilder | DatasetBuilder, c: Container): void {
    for (const place of c._cleared!) {
      const at = place.indexOf('@');
      const member = (at < 0 ? place : place.slice(0, at)).replace(/\/+$/, '');
      const attr = at < 0 ? null : place.slice(at + 1);
      const steps = member === '' ? [] : member.split('/');
      // What the builder writes at that place: kept when it is there.
      let node: Builder | undefined = b;
      for (const s of steps) node = node && node.kind === 'group' ? node.members.get(s) : undefined;
      if (attr !== null ? node !== undefined && (node.kind === 'group' || node.kind === 'dataset') && node.attributes.has(attr) : node !== undefined) continue;
      const opened: (Group | Dataset)[] = [];
      try {
        const holder = openHard(obj, attr !== null ? steps : steps.slice(0, -1), opened);
        if (holder === null) continue;
        if (attr !== null) {
          if (holder.attrs.has(attr)) holder.attrs.delete(attr);
        } else {
          const name = steps[steps.length - 1];
          if (holder instanceof Group && safeLink(holder, name)) holder.delete(name);
        }
      } catch (e) {
        throw annotate(e, `removing '${place}' of ${c.describe()} from '${p}' in ${this.file.filename}`);
      } finally {
        for (const o of opened.reverse()) o.close();
      }
    }
  }

  private existingHere(c: Container): boolean {
    return !!c._origin && c._origin.file === this.here;
  }

  /** A link at `p` to a container (or one of its member datasets): soft in this file, external otherwise. */
  private deferLink(parent: Group, p: string, name: string, target: Container, member?: string): void {
    this.deferred.push({
      run: () => {
        if (parent.has(name) || safeLink(parent, name)) return; // append: the link is there already
        const here = this.placed.get(target);
        const o = target._origin;
        let soft: string | undefined;
        if (here !== undefined) soft = member ? this.child(here, member) : here;
        else if (o && o.file === this.here) soft = member ? this.child(o.path, member) : o.path;
        if (soft !== undefined) {
          if (soft === p) return;
          if (soft === '/')
            throw new RangeError(`cannot link '${p}' in ${this.file.filename} to the root group: ${target.describe()} is not a member of this file's tree`);
          parent.createSoftLink(name, soft);
          return;
        }
        if (o && o.file === this.options.exportSource)
          throw new RangeError(
            `cannot export '${p}': it links to ${target.describe()} at ${o.path} of the source file ${o.file}, which is not part of the exported tree (an export keeps no link back to its source)`,
          );
        if (o) {
          if (o.path === '/' && !member)
            throw new RangeError(`cannot link '${p}' to the root of ${o.file}: link to its members instead`);
          parent.createExternalLink(name, this.relative(o.file), member ? this.child(o.path, member) : o.path);
          return;
        }
        throw new RangeError(
          `cannot link '${p}' to ${target.describe()}: it is neither written to ${this.file.filename} nor read from another file`,
        );
      },
    });
  }

  /**
   * A link read from a file to an untyped object, written as it was: a soft link to the same path when that path
   * is in this file (the same file, or the source of an export, whose layout the new file keeps), an external
   * link to it otherwise.
   */
  private deferPathLink(parent: Group, p: string, b: PathLinkBuilder): void {
    this.deferred.push({
      run: () => {
        if (parent.has(b.name) || safeLink(parent, b.name)) return; // append: the link is there already
        if (b.file === this.here || b.file === this.options.exportSource) parent.createSoftLink(b.name, b.path);
        else parent.createExternalLink(b.name, this.relative(b.file), b.path);
      },
    });
  }

  private relative(file: string): string {
    const rel = path.relative(path.dirname(this.here), file);
    return rel === '' ? path.basename(file) : rel.split(path.sep).join('/');
  }

  private writeAttributes(obj: Group | Dataset, attrs: Map<string, AttrBuilder>, where: string): void {
    for (const [name, a] of attrs) {
      if (name === '.specloc') continue;
      const v = a.value;
      if (v instanceof Container || v instanceof PendingLink || (Array.isArray(v) && v.some((x) => x instanceof Container))) {
        this.deferred.push({ run: () => this.writeRefAttr(obj, name, v, where) });
        continue;
      }
      this.writeAttr(obj, name, plain(v), a, where);
    }
  }

  private writeAttr(obj: Group | Dataset, name: string, v: unknown, a: AttrBuilder, where: string): void {
    if (a.h5) {
      // An attribute the spec does not declare, written back with the type it was read with.
      try {
        obj.attrs.set(name, v, { dtype: a.h5 });
      } catch (e) {
        throw annotate(e, `attribute '${name}' of ${where}`);
      }
      return;
    }
    const dt = a.dtype;
    if (isTextDtype(dt)) {
      const t = h5TypeFor(dt, v);
      obj.attrs.set(name, v, { dtype: 'string', encoding: t.encoding });
      return;
    }
    const { values } = normalize(v);
    const typed = isTypedArray(values) ? nameOfTypedArray(values) : undefined;
    if (typeof values[0 as keyof typeof values] === 'string' || dt === undefined && typeof v === 'string') {
      obj.attrs.set(name, v, { dtype: 'string' });
      return;
    }
    const t = h5TypeFor(dt, v, typed);
    try {
      obj.attrs.set(name, v, { dtype: typeof t.dtype === 'string' ? (t.dtype as never) : t.dtype });
    } catch (e) {
      throw annotate(e, `attribute '${name}' of ${where}`);
    }
  }

  private targetPath(v: unknown): string {
    if (v instanceof Container) {
      const p = this.placed.get(v) ?? (v._origin && v._origin.file === this.here ? v._origin.path : undefined);
      if (p === undefined) throw new RangeError(`a reference to ${v.describe()}, which is not in ${this.file.filename}`);
      return p;
    }
    if (v instanceof PendingLink) {
      if (v.file !== this.here)
        throw new RangeError(`a reference to '${v.path}' of ${v.file}, which is not written to ${this.file.filename} (an HDF5 reference cannot point into another file)`);
      return v.path;
    }
    throw new TypeError('expected a container to reference');
  }

  private writeRefAttr(obj: Group | Dataset, name: string, v: unknown, where: string): void {
    const refs = (Array.isArray(v) ? v : [v]).map((x) => {
      const t = this.file.get(this.targetPath(x));
      if (!t) throw new RangeError(`reference target of attribute '${name}' of ${where} is missing`);
      const r = t.ref();
      t.close();
      return r;
    });
    obj.attrs.set(name, Array.isArray(v) ? refs : refs[0], { dtype: 'ref' });
  }

  private writeDataset(parent: Group, p: string, b: DatasetBuilder, ownerChanged = false): void {
    if (!this.created.has(parent) && (parent.has(b.name) || safeLink(parent, b.name))) {
      // Already in the file (append mode): rewritten only when its value changed since the read.
      if (b.container) this.placed.set(b.container, p);
      const changed = b.container ? b.container._modified : ownerChanged;
      if (changed) this.updateDataset(parent, p, b);
      if (b.container?._cleared && this.existingHere(b.container) && parent.getLink(b.name).type === 'hard') {
        const ds = parent.get(b.name);
        if (ds instanceof Dataset) {
          try {
            this.removeCleared(ds, p, b, b.container);
          } finally {
            ds.close();
          }
        }
      }
      return;
    }
    let data = b.data;
    let io: H5DataIO | null = null;
    if (data instanceof H5DataIO) {
      io = data;
      data = io.options.data;
    }
    // data: otherTimeSeries (share its data or timestamps): a link to that series' member of the same name.
    if (data instanceof Container) {
      this.deferLink(parent, p, b.name, data, b.name);
      return;
    }
    if (data instanceof Dataset) {
      const loc = locationOf(data);
      const link = io?.options.linkData ?? this.options.linkData;
      if (loc.file === this.here) {
        if (loc.path !== p) parent.createSoftLink(b.name, loc.path);
        return;
      }
      const fromSource = this.options.exportSource !== undefined && this.options.exportSource !== null && loc.file === this.options.exportSource;
      if (!fromSource && link) {
        parent.createExternalLink(b.name, this.relative(loc.file), loc.path);
        return;
      }
      // Copied into this file, once: every other place that holds the same dataset becomes a soft link to the
      // copy. An export keeps the source's layout, so a dataset reached through a soft link of the source (a
      // place other than its own) waits until its own place has been written, and links to it.
      const key = `${loc.file}::${loc.path}`;
      const done = this.copied.get(key);
      if (done !== undefined) {
        parent.createSoftLink(b.name, done);
        return;
      }
      if (fromSource && loc.path !== p) {
        this.deferred.unshift({
          run: () => {
            if (safeLink(parent, b.name)) return;
            const there = this.copied.get(key);
            if (there !== undefined) parent.createSoftLink(b.name, there);
            else this.copyInto(parent, p, b, data as Dataset, io, key);
          },
        });
        return;
      }
      this.copyInto(parent, p, b, data, io, key);
      return;
    }
    const deferred = this.deferred.length;
    const iterators = this.pendingIterators.length;
    const ds = this.createDataset(parent, p, b, data, io);
    if (b.container) this.placed.set(b.container, p);
    this.writeAttributes(ds, b.attributes, p);
    if (io) io.dataset = ds;
    // Close the dataset unless something still writes to it (H5DataIO, an iterator, deferred references).
    else if (this.deferred.length === deferred && this.pendingIterators.length === iterators) ds.close();
  }

  /**
   * A dataset of this file whose value changed after the read (rows added to a table read from the file, ...):
   * written in place when the shape is the same or the dataset can grow to it (chunked, maxshape allows);
   * otherwise replaced by a new chunked dataset that can grow next time (same filters), after which every
   * reference to it that this write knows of (a VectorIndex's target) is written anew. Unchanged lazy data
   * (still the dataset at this place) is left alone.
   */
  private updateDataset(parent: Group, p: string, b: DatasetBuilder): void {
    // Called for a changed dataset: a typed one changed itself; an untyped one (starting_time and its rate)
    // belongs to the container that changed, which may have changed only its attributes.
    const attrsChanged = b.container ? b.container._modified : true;
    let data = b.data;
    if (data instanceof H5DataIO) data = data.options.data;
    if (data instanceof Dataset) {
      const loc = locationOf(data);
      if (loc.file === this.here && loc.path === p) {
        if (attrsChanged) this.writeAttributes(data, b.attributes, p);
        return;
      }
    }
    if (data === undefined || data === null || data instanceof Container || isChunkSource(data) || data instanceof Dataset) return;
    const link = parent.getLink(b.name);
    if (link.type !== 'hard') return; // a link: its target is not this file's to change
    const old = parent.getDataset(b.name);
    const value = plain(data);
    const { values, shape } = normalize(value);
    const refs = isRefDtype(b.dtype) || hasContainers(value) || old.dtype === 'ref' || old.dtype === 'compound';
    const sameRank = old.shape.length === shape.length && old.shape.slice(1).every((x, i) => x === shape[i + 1]);
    const fits = sameRank && shape.every((x, i) => old.maxshape[i] === null || x <= (old.maxshape[i] as number)) && inRange(old.dtype, values);
    try {
      if (!refs && fits) {
        if (old.shape[0] !== shape[0]) old.resize(shape);
        if (values.length) old.write(shape.length === 0 ? value : { data: values, shape });
        const deferred = this.deferred.length;
        if (attrsChanged) this.writeAttributes(old, b.attributes, p);
        if (this.deferred.length === deferred) old.close(); // else a reference attribute still needs it
        return;
      }
      const opts: CreateDatasetOptions = {};
      if (old.compression) opts.compression = old.compression;
      // (a gzip level; szip's options are not an H5DataIO setting: its defaults apply, as before)
      if (typeof old.compressionOpts === 'number') opts.compressionLevel = old.compressionOpts;
      if (old.shuffle) opts.shuffle = true;
      if (old.fletcher32) opts.fletcher32 = true;
      old.close();
      parent.delete(b.name);
      const io = new H5DataIO({ data, maxshape: shape.map((x, i) => (i === 0 ? null : x)), chunks: true, ...renameCompression(opts) });
      const ds = this.createDataset(parent, p, b, data, shape.length ? io : null);
      this.writeAttributes(ds, b.attributes, p);
      if (b.container) this.placed.set(b.container, p);
    } catch (e) {
      throw annotate(e, `updating dataset '${p}' in ${this.file.filename}`);
    }
  }

  /**
   * Copies a dataset of another file to `p`: H5Ocopy (data, chunking, filters, fill value, attributes; large
   * data never passes through memory), then the builder's attributes on top (references rewritten for this
   * file). An H5DataIO that asks for other storage settings re-writes the values instead.
   */
  private copyInto(parent: Group, p: string, b: DatasetBuilder, src: Dataset, io: H5DataIO | null, key: string): void {
    const o = io?.options;
    const restore = o && (['chunks', 'maxshape', 'compression', 'compressionOpts', 'shuffle', 'fletcher32', 'fillValue', 'dtype', 'shape'] as const).some((k) => o[k] !== undefined);
    let ds: Dataset;
    if (restore) ds = this.createDataset(parent, p, b, src, io);
    else {
      try {
        parent.copy(src, parent, b.name);
      } catch (e) {
        throw annotate(e, `copying ${locationOf(src).path} of ${locationOf(src).file} to '${p}' in ${this.file.filename}`);
      }
      ds = parent.getDataset(b.name);
    }
    this.copied.set(key, p);
    this.options.onCopied?.(ds.storageSize);
    if (b.container) this.placed.set(b.container, p);
    this.writeAttributes(ds, b.attributes, p);
    if (io) io.dataset = ds;
  }

  private createDataset(parent: Group, p: string, b: DatasetBuilder, data: unknown, io: H5DataIO | null): Dataset {
    const o = io?.options ?? {};
    const opts: CreateDatasetOptions = {};
    if (o.chunks !== undefined) opts.chunks = o.chunks;
    if (o.maxshape !== undefined) opts.maxshape = o.maxshape;
    if (o.compression !== undefined) opts.compression = o.compression;
    if (o.compressionOpts !== undefined) opts.compressionLevel = o.compressionOpts;
    if (o.shuffle !== undefined) opts.shuffle = o.shuffle;
    if (o.fletcher32 !== undefined) opts.fletcher32 = o.fletcher32;
    if (o.fillValue !== undefined) opts.fillValue = o.fillValue;
    const where = `dataset '${p}' in ${this.file.filename}`;
    if (data instanceof Dataset) {
      // Copy (linkData false): read it whole. Large copies go through copy() of the h5 layer instead.
      const r = data.read();
      data = { data: r.data, shape: r.shape };
    }
    let iterator: Iterable<unknown> | AsyncIterable<unknown> | null = null;
    if (isChunkSource(data)) {
      iterator = data;
      data = undefined;
    }
    if (data === undefined) {
      // An empty dataset to grow: from H5DataIO's shape, or from an iterator (grown along the first axis).
      const shape = o.shape ?? [0];
      opts.shape = shape;
      opts.maxshape = o.maxshape ?? shape.map((x, i) => (i === 0 ? null : x));
      if (opts.chunks === undefined) opts.chunks = true;
      const t = h5TypeFor(b.dtype, undefined, o.dtype);
      opts.dtype = t.dtype as never;
      if (t.encoding) opts.encoding = t.encoding;
    } else {
      data = plain(data);
      if (b.container && this.catalog.isA(b.container.neurodataType, 'VectorIndex')) {
        opts.dtype = smallestUint(data) as never;
      } else if (isRefDtype(b.dtype) || hasContainers(data)) {
        return this.createRefDataset(parent, p, b, data, opts);
      } else {
        const { values } = normalize(data);
        const typed = isTypedArray(values) ? nameOfTypedArray(values) : undefined;
        const t = h5TypeFor(b.dtype, data, o.dtype ?? typed);
        opts.dtype = t.dtype as never;
        if (t.encoding) opts.encoding = t.encoding;
        if (typeof t.dtype === 'object' && t.dtype.class === 'compound') return this.createCompound(parent, p, b, data, opts);
      }
      opts.data = data;
      if (!Array.isArray(data) && !isTypedArray(data) && !isNdArray(data)) opts.shape = [];
    }
    let ds: Dataset;
    try {
      ds = parent.createDataset(b.name, opts);
    } catch (e) {
      throw annotate(e, where);
    }
    if (iterator) this.pendingIterators.push({ dataset: ds, source: iterator });
    return ds;
  }

  private createRefDataset(parent: Group, p: string, b: DatasetBuilder, data: unknown, opts: CreateDatasetOptions): Dataset {
    // References need every target placed first: create the dataset now (so its place is taken) and fill it later.
    const { values, shape } = normalize(data);
    const ds = parent.createDataset(b.name, { ...opts, dtype: 'ref', shape });
    this.deferred.push({
      run: () => {
        const refs = Array.from(values as unknown[], (v) => {
          if (v === null || v === undefined) return null;
          const t = this.file.get(this.targetPath(v));
          if (!t) throw new RangeError(`reference target missing for dataset '${p}'`);
          return t;
        });
        ds.write(refs);
        for (const t of refs) t?.close();
      },
    });
    return ds;
  }

  private createCompound(parent: Group, p: string, b: DatasetBuilder, data: unknown, opts: CreateDatasetOptions): Dataset {
    const desc = opts.dtype as unknown as { class: 'compound'; fields: { name: string; type: { class: string } }[] };
    const { values, shape } = normalize(data);
    const refFields = desc.fields.filter((f) => f.type.class === 'reference').map((f) => f.name);
    const ds = parent.createDataset(b.name, { ...opts, dtype: desc as never, shape, data: undefined });
    const fill = () => {
      const rows = (values as unknown[]).map((row) => {
        const r = { ...(row as Record<string, unknown>) };
        for (const k of refFields) {
          const t = r[k] === null || r[k] === undefined ? null : this.file.get(this.targetPath(r[k]));
          r[k] = t;
        }
        return r;
      });
      ds.write(rows);
    };
    if (refFields.length) this.deferred.push({ run: fill });
    else fill();
    return ds;
  }

  /** The namespace cache: /specifications/<ns>/<version>/<source> as JSON, and the root's .specloc reference. */
  writeSpecifications(namespaces: string[]): void {
    const specs = this.file.requireGroup('specifications');
    for (const n of namespaces) {
      const ns = this.catalog.namespaces.get(n);
      if (!ns) continue;
      const g = specs.requireGroup(`${n}/${ns.spec.version}`);
      const texts = textsOf(ns.spec, ns.sources);
      const present = new Set(g.keys()); // one listing instead of a lookup per source (an append finds them all)
      for (const [name, text] of Object.entries(texts.sources)) {
        if (present.has(name)) continue;
        g.createDataset(name, { data: text, dtype: 'string', shape: [] }).close();
      }
      if (!present.has('namespace')) g.createDataset('namespace', { data: texts.namespace, dtype: 'string', shape: [] }).close();
      g.close();
    }
    this.file.attrs.set('.specloc', specs, { dtype: 'ref' });
    specs.close();
  }
}

const INT_RANGE: Record<string, [number, number]> = {
  int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767], uint16: [0, 65535], int32: [-(2 ** 31), 2 ** 31 - 1], uint32: [0, 2 ** 32 - 1],
};

/** Whether the values fit an existing integer dataset's type (a uint8 VectorIndex may outgrow it). */
function inRange(dtype: string, values: ArrayLike<unknown>): boolean {
  const r = INT_RANGE[dtype];
  if (!r) return true;
  for (let i = 0; i < values.length; i++) {
    const v = Number(values[i] as number);
    if (!(v >= r[0] && v <= r[1])) return false;
  }
  return true;
}

function renameCompression(o: CreateDatasetOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (o.compression) out.compression = o.compression;
  if (o.compressionLevel !== undefined) out.compressionOpts = o.compressionLevel;
  if (o.shuffle) out.shuffle = true;
  if (o.fletcher32) out.fletcher32 = true;
  return out;
}

/**
 * The group or dataset at `steps` below `obj`, reached through hard links only (each one opened is pushed on
 * `opened`, for the caller to close); null when a step is missing, a link of another kind, or not a group.
 */
function openHard(obj: Group | Dataset, steps: string[], opened: (Group | Dataset)[]): Group | Dataset | null {
  let holder = obj;
  for (const s of steps) {
    if (!(holder instanceof Group) || !holder.has(s) || holder.getLink(s).type !== 'hard') return null;
    const next = holder.get(s);
    if (!(next instanceof Group) && !(next instanceof Dataset)) {
      next?.close();
      return null;
    }
    opened.push(next);
    holder = next;
  }
  return holder;
}

function safeLink(g: Group, name: string): boolean {
  try {
    g.getLink(name);
    return true;
  } catch {
    return false;
  }
}

function hasContainers(data: unknown): boolean {
  return Array.isArray(data) && data.some((x) => typeof x === 'object' && x !== null && (x instanceof Container || x instanceof PendingLink));
}

function smallestUint(data: unknown): string {
  const { values } = normalize(data);
  let max = 0;
  const arr = values as ArrayLike<number | bigint>;
  if (values instanceof Uint8Array || values instanceof Uint16Array || values instanceof Uint32Array || values instanceof Int32Array) {
    // Integers (never NaN): the plain loop.
    const a = values as ArrayLike<number>;
    for (let i = 0; i < a.length; i++) if (a[i] > max) max = a[i];
  } else for (let i = 0; i < arr.length; i++) max = Math.max(max, Number(arr[i]));
  if (max < 2 ** 8) return 'uint8';
  if (max < 2 ** 16) return 'uint16';
  if (max < 2 ** 32) return 'uint32';
  return 'uint64';
}

function annotate(e: unknown, where: string): unknown {
  if (e instanceof Hdf5Error) return e;
  if (e instanceof Error && !e.message.includes(where)) e.message = `${where}: ${e.message}`;
  return e;
}

