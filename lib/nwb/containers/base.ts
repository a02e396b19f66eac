/**
 * Containers: plain data, no I/O. A container is one typed object of the NWB schema (a group or dataset with a
 * neurodata_type). Its values are kept by their place in the type's spec:
 *
 *   '@description'            an attribute of the container's own group or dataset
 *   'data'                    a member dataset (or link, or typed member) by name
 *   'data@unit'               an attribute of a member dataset
 *   'general/experimenter'    a dataset inside an untyped member group
 *   '*', 'acquisition/*'      the unnamed typed children of a group (a Map by name)
 *   'notes/'                  an untyped group the spec does not name (read from a file; its attributes and
 *                             content at 'notes@...' and 'notes/...' as above)
 *
 * Typed classes (NWBFile, TimeSeries, ...) put camelCase names on top of these places; every other type, and
 * every type of an extension, works through the same places without a class of its own.
 */
import { randomUUID } from 'crypto';
import { ErrorCodes, h5error } from '../../errors';
import type { TypeDesc } from '../../binding';

/** A link of a file that could not be followed when the container was read. */
export interface BrokenPlace {
  /** The link's path in the file that holds it. */
  link: string;
  /** The file that holds the link. */
  file: string;
  /** Where the link points (file null for a soft link). */
  target: { file: string | null; path: string };
  reason: string;
}

export type FieldPath = string;

/** Where a container was read from: what makes an unmodified container written as a link. */
export interface Origin {
  /** Absolute path of the file it lives in. */
  file: string;
  /** Its path inside that file. */
  path: string;
  /** An identifier of the IO (manager) that read it. */
  reader: object;
}

export class Container {
  /** The neurodata type. */
  readonly neurodataType: string;
  /** The namespace of the type ('core', 'hdmf-common', or an extension's). */
  namespace: string;
  name: string;
  /** UUID4 identifying this object across files (kept by export unless generateNewId() is called). */
  objectId: string;
  /** The container this one belongs to (set when added). */
  parent: Container | null = null;
  /** @internal values by spec place */
  readonly fields = new Map<FieldPath, unknown>();
  /** @internal set when read from a file */
  _origin: Origin | null = null;
  /** @internal true once changed after being read */
  _modified = false;
  /** @internal places whose link could not be followed when read */
  _broken: Map<FieldPath, BrokenPlace> | null = null;
  /**
   * @internal the attributes as read ('@name', 'place@name'): value and HDF5 type. An attribute the spec does not
   * declare is written back with the type it had, as long as its value is still the one read.
   */
  _attrTypes: Map<FieldPath, { value: unknown; type: TypeDesc }> | null = null;
  /**
   * @internal places that held a value when the container was read and were then cleared (set to undefined): a
   * write to the file it was read from (append) removes them there.
   */
  _cleared: Set<FieldPath> | null = null;

  constructor(neurodataType: string, name: string, namespace = 'core') {
    if (typeof name !== 'string' || name.length === 0) throw new TypeError(`${neurodataType}: name must be a non-empty string`);
    if (name.includes('/')) throw new RangeError(`${neurodataType} name '${name}' must not contain '/'`);
    this.neurodataType = neurodataType;
    this.name = name;
    this.namespace = namespace;
    this.objectId = randomUUID();
  }

  /** The value at a spec place (see the module doc), or undefined. */
  get(path: FieldPath): unknown {
    return this.fields.get(path);
  }

  /**
   * The value at a place, for use: throws an Hdf5Error (code ERR_H5_BROKEN_LINK) naming the link and its
   * missing target when the place held a link that could not be followed when the file was read.
   */
  require(path: FieldPath): unknown {
    const b = this._broken?.get(path);
    if (b && (this.fields.get(path) === null || this.fields.get(path) === undefined)) {
      const target = b.target.file ? `'${b.target.path}' in '${b.target.file}'` : `'${b.target.path}'`;
      throw h5error(
        ErrorCodes.BROKEN_LINK,
        `${this.describe()}: '${path}' is the link ${b.link} of ${b.file}, whose target ${target} cannot be opened (${b.reason})`,
        b.file,
        b.link,
      );
    }
    return this.fields.get(path);
  }

  /** Places whose links could not be followed when this container was read. */
  brokenLinks(): BrokenPlace[] {
    return this._broken ? [...this._broken.values()] : [];
  }

  /** @internal */
  _brokenAt(place: FieldPath, b: BrokenPlace): void {
    if (!this._broken) this._broken = new Map();
    this._broken.set(place, b);
  }

  /** Sets a value at a spec place. undefined removes it. Containers placed here get this container as parent. */
  set(path: FieldPath, value: unknown): this {
    if (path.endsWith('*')) throw new TypeError(`use addChild for '${path}'`);
    this.noteCleared(path, value);
    if (value === undefined) this.fields.delete(path);
    else {
      if (value instanceof Container && !path.includes('@')) this.refuseCycle(value, path);
      this.fields.set(path, value);
      if (value instanceof Container && value.parent === null && !path.includes('@')) value.parent = this;
    }
    this.markModified();
    return this;
  }

  /**
   * A container cannot hold itself or one of the containers that hold it: the tree would have no end (validate()
   * and write() would walk it forever). Links to such containers are what setLink() is for.
   */
  private refuseCycle(child: Container, path: FieldPath): void {
    for (let c: Container | null = this; c !== null; c = c.parent) {
      if (c !== child) continue;
      const what = child === this ? 'itself' : `${child.describe()}, which holds it`;
      throw new RangeError(`${this.describe()} cannot hold ${what} (at ${path}): the tree would have no end`);
    }
  }

  /** Places a container at a link place (a schema link, e.g. ElectrodeGroup.device) without owning it. */
  setLink(path: FieldPath, target: Container | undefined): this {
    if (target !== undefined && !(target instanceof Container)) throw new TypeError(`${this.describe()}: ${path} must be an NWB container`);
    this.noteCleared(path, target);
    if (target === undefined) this.fields.delete(path);
    else this.fields.set(path, target);
    this.markModified();
    return this;
  }

  /** The typed children of a group place ('*' for the container's own group). */
  children(path: FieldPath = '*'): Map<string, Container> {
    let m = this.fields.get(path) as Map<string, Container> | undefined;
    if (!m) {
      m = new Map();
      this.fields.set(path, m);
    }
    return m;
  }

  /** Adds a typed child at a group place; refuses a duplicate name. */
  addChild(path: FieldPath, child: Container): Container {
    if (!(child instanceof Container)) throw new TypeError(`${this.describe()}: only NWB containers can be added`);
    this.refuseCycle(child, path);
    const m = this.children(path);
    if (m.has(child.name)) throw new RangeError(`${this.describe()} already has '${child.name}' in ${path === '*' ? 'its members' : path.replace('/*', '')}`);
    m.set(child.name, child);
    if (child.parent === null) child.parent = this;
    this.markModified();
    return child;
  }

  /**
   * A new container of the same class, type and name holding the same values: its typed members stay the
   * original objects (owned by the original, so a write links to them), group maps are new maps. The clone has
   * a new object_id and no origin. Used by NWBFile.copy().
   */
  shallowClone(): this {
    const o = Object.create(Object.getPrototypeOf(this)) as this;
    const w = o as unknown as Record<string, unknown>;
    w.neurodataType = this.neurodataType;
    w.name = this.name;
    w.namespace = this.namespace;
    w.objectId = randomUUID();
    w.parent = null;
    const fields = new Map<FieldPath, unknown>();
    for (const [k, v] of this.fields) fields.set(k, v instanceof Map ? new Map(v) : v);
    w.fields = fields;
    w._origin = null;
    w._modified = false;
    w._broken = this._broken ? new Map(this._broken) : null;
    w._attrTypes = this._attrTypes;
    w._cleared = null;
    return o;
  }

  /** A new object_id for this container and everything below it (for exports that should be new objects). */
  generateNewId(): void {
    const seen = new Set<Container>();
    const walk = (c: Container) => {
      if (seen.has(c)) return;
      seen.add(c);
      c.objectId = randomUUID();
      for (const v of c.fields.values()) {
        if (v instanceof Container && v.parent === c) walk(v);
        if (v instanceof Map) for (const x of v.values()) if (x instanceof Container && x.parent === c) walk(x);
      }
    };
    walk(this);
  }

  /** Records a place of a container read from a file that is cleared now (or given a value again). */
  private noteCleared(path: FieldPath, value: unknown): void {
    if (!this._origin) return;
    if (value !== undefined) this._cleared?.delete(path);
    else if (this.fields.has(path)) (this._cleared ??= new Set()).add(path);
  }

  /** @internal */
  markModified(): void {
    if (this._origin) this._modified = true;
  }

  /** The container's path from the root of its tree (as it will be written). */
  describe(): string {
    return `${this.neurodataType} '${this.name}'`;
  }

  /** The root of the tree this container is in. */
  root(): Container {
    let c: Container = this;
    while (c.parent) c = c.parent;
    return c;
  }

  toString(): string {
    return `<${this.neurodataType} ${this.name}>`;
  }
}

