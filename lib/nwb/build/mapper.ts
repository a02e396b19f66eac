/**
 * The spec-driven object mapper: containers -> builders (write) and read trees -> containers (read), for every
 * type of every loaded namespace, by walking the type's resolved spec. Type-specific rules are small hooks.
 */
import { Container } from '../containers/base';
import { AnySpec, memberType, NamespaceCatalog, ResolvedType } from '../spec/catalog';
import type { DatasetSpec, GroupSpec, LinkSpec } from '../spec/schema-types';
import type { TypeDesc } from '../../binding';
import { AttrBuilder, Builder, DatasetBuilder, groupBuilder, GroupBuilder, LinkBuilder } from './builders';

/** What the backend reads from a file: metadata eagerly, array data lazily. */
export interface ReadGroup {
  kind: 'group';
  name: string;
  /** Absolute path in `file`. */
  path: string;
  /** Absolute path of the file the object lives in (the target file for external links). */
  file: string;
  attributes: Record<string, unknown>;
  /** The HDF5 type of each attribute (an attribute with no data has none). */
  attrTypes: Record<string, TypeDesc>;
  members: Map<string, ReadNode>;
  /** How this node was reached from its parent: hard, soft (with the link's path) or external. */
  via: ReadVia;
}

export interface ReadDataset {
  kind: 'dataset';
  name: string;
  path: string;
  file: string;
  attributes: Record<string, unknown>;
  attrTypes: Record<string, TypeDesc>;
  /** Scalars and small text arrays as values; anything else as a lazy dataset handle. */
  value: unknown;
  via: ReadVia;
}

/** A link whose target cannot be resolved. */
export interface ReadBroken {
  kind: 'broken';
  name: string;
  path: string;
  link: { type: 'soft'; path: string } | { type: 'external'; file: string; path: string };
  reason: string;
}

export type ReadVia = { type: 'hard' } | { type: 'soft'; path: string } | { type: 'external'; file: string; path: string };
export type ReadNode = ReadGroup | ReadDataset | ReadBroken;

/** Classes registered for typed construction (NWBFile, TimeSeries, ...). */
export type ContainerFactory = (name: string) => Container;

export class TypeRegistry {
  private readonly factories = new Map<string, ContainerFactory>();
  /** Makes containers of types without a registered factory. */
  fallback: ((type: string, name: string) => Container) | null = null;
  register(type: string, f: ContainerFactory): void {
    this.factories.set(type, f);
  }
  create(type: string, name: string, namespace: string): Container {
    const f = this.factories.get(type);
    const c = f ? f(name) : this.fallback ? this.fallback(type, name) : new Container(type, name, namespace);
    c.namespace = namespace;
    return c;
  }
}

const EMPTY_GROUP: GroupSpec = { doc: '' };

function isRequired(q: unknown): boolean {
  return q === undefined || q === 1 || q === '+' || q === 'one_or_many' || (typeof q === 'number' && q > 0);
}

/** A typed member at a named place of its owner's spec (whose attributes and dtype refine the member's type). */
interface MemberPlace {
  spec: DatasetSpec;
  owner: Container;
  place: string;
}


/** How a tree is built for writing. */
export interface BuildOptions {
  /**
   * Containers that are not owned by the place they are found at (read from a file, or owned elsewhere) are
   * normally written as links to where they live. When this returns true for one, it is written here instead
   * (once; its other places become links to this copy): export writes the source file's objects into the new
   * file this way.
   */
  adopt?: (c: Container) => boolean;
}

export class ObjectMapper {
  /** Containers built in the current buildTree (each is built once; other places link to it). */
  private built: Set<Container> | null = null;
  private adopt: ((c: Container) => boolean) | null = null;

  constructor(readonly catalog: NamespaceCatalog, readonly registry: TypeRegistry) {}

  // ---------------------------------------------------------------- write

  /** Builds the builder tree of a root container (NWBFile) to be written at '/'. */
  buildTree(root: Container, options: BuildOptions = {}): GroupBuilder {
    this.built = new Set([root]);
    this.adopt = options.adopt ?? null;
    try {
      return this.build(root, '/') as GroupBuilder;
    } finally {
      this.built = null;
      this.adopt = null;
    }
  }

  /** Builds the builder of a container placed at `name` by its owner. */
  build(c: Container, name = c.name, at?: MemberPlace): GroupBuilder | DatasetBuilder {
    const r = this.catalog.resolve(c.neurodataType);
    if (r.kind === 'dataset') return this.buildDataset(c, r, name, at);
    const gb = groupBuilder(name, c);
    this.typeAttributes(c, r, gb.attributes);
    extraAttributes(c, '', gb.attributes);
    this.walkGroup(c, r.spec as GroupSpec, '', gb);
    return gb;
  }

  private typeAttributes(c: Container, r: ResolvedType, attrs: Map<string, AttrBuilder>): void {
    attrs.set('namespace', { value: r.namespace, dtype: 'text' });
    attrs.set('neurodata_type', { value: c.neurodataType, dtype: 'text' });
    attrs.set('object_id', { value: c.objectId, dtype: 'text' });
    for (const a of r.spec.attributes ?? []) {
      const v = a.value ?? c.get(`@${a.name}`) ?? a.default_value;
      if (v !== undefined && v !== null) attrs.set(a.name, { value: v, dtype: a.dtype });
    }
  }

  private buildDataset(c: Container, r: ResolvedType, name: string, at?: MemberPlace): DatasetBuilder {
    const spec = r.spec as DatasetSpec;
    const db: DatasetBuilder = { kind: 'dataset', name, data: c.get('data'), dtype: spec.dtype ?? at?.spec.dtype, spec, attributes: new Map(), container: c };
    this.typeAttributes(c, r, db.attributes);
    // Attributes the owner's spec adds to this member (Units spike_times@resolution, ...): from the owner's place
    // '<member>@<attr>', else the member's own '@<attr>', else the spec's value or default.
    for (const a of at?.spec.attributes ?? []) {
      if (db.attributes.has(a.name)) continue;
      const v = a.value ?? at!.owner.get(`${at!.place}@${a.name}`) ?? c.get(`@${a.name}`) ?? a.default_value;
      if (v !== undefined && v !== null) db.attributes.set(a.name, { value: v, dtype: a.dtype });
    }
    extraAttributes(c, '', db.attributes);
    return db;
  }

  private owned(owner: Container, v: Container): boolean {
    return v.parent === owner;
  }

  private member(owner: Container, v: Container, name: string, at?: MemberPlace): Builder {
    const built = this.built;
    if (built?.has(v)) return { kind: 'link', name, target: v } as LinkBuilder;
    if (this.owned(owner, v) || (this.adopt !== null && this.adopt(v))) {
      built?.add(v);
      return this.build(v, name, at);
    }
    return { kind: 'link', name, target: v } as LinkBuilder;
  }

  private walkGroup(c: Container, spec: GroupSpec, prefix: string, gb: GroupBuilder): void {
    for (const ds of spec.datasets ?? []) {
      if (!ds.name) continue;
      const place = prefix + ds.name;
      const v = c.get(place);
      if (memberType(ds) && isPlainObject(v)) refuseNonContainer(c, place, v, memberType(ds)!);
      if (v instanceof Container) {
        if (memberType(ds)) gb.members.set(ds.name, this.member(c, v, ds.name, { spec: ds, owner: c, place }));
        // An untyped dataset place holding a container (timestamps: otherSeries) shares that container's
        // dataset of the same name.
        else gb.members.set(ds.name, { kind: 'link', name: ds.name, target: v, member: ds.name });
        continue;
      }
      if (v === null) c.require(place); // a broken link read from a file: throws naming it
      // HDMF applies default_value to attributes only: a dataset nobody set is not written.
      const value = v ?? ds.value;
      if (value === undefined || value === null) continue;
      const db: DatasetBuilder = { kind: 'dataset', name: ds.name, data: value, dtype: ds.dtype, spec: ds, attributes: new Map() };
      for (const a of ds.attributes ?? []) {
        const av = a.value ?? c.get(`${place}@${a.name}`) ?? a.default_value;
        if (av !== undefined && av !== null) db.attributes.set(a.name, { value: av, dtype: a.dtype });
      }
      extraAttributes(c, place, db.attributes);
      gb.members.set(ds.name, db);
    }
    for (const g of spec.groups ?? []) {
      if (!g.name) continue;
      const place = prefix + g.name;
      if (memberType(g)) {
        const v = c.get(place);
        if (v instanceof Container) gb.members.set(g.name, this.member(c, v, g.name));
        else refuseNonContainer(c, place, v, memberType(g)!);
        continue;
      }
      const linked = c.get(place);
      if (linked instanceof UntypedLink) {
        gb.members.set(g.name, { kind: 'pathlink', name: g.name, file: linked.file, path: linked.path });
        continue;
      }
      const sub = groupBuilder(g.name);
      for (const a of g.attributes ?? []) {
        const av = a.value ?? c.get(`${place}@${a.name}`) ?? a.default_value;
        if (av !== undefined && av !== null) sub.attributes.set(a.name, { value: av, dtype: a.dtype });
      }
      extraAttributes(c, place, sub.attributes);
      this.walkGroup(c, g, place + '/', sub);
      if (sub.members.size > 0 || sub.attributes.size > 0 || isRequired(g.quantity)) gb.members.set(g.name, sub);
    }
    for (const l of spec.links ?? []) {
      if (!l.name) continue;
      const v = c.get(prefix + l.name);
      if (v instanceof Container) gb.members.set(l.name, { kind: 'link', name: l.name, target: v });
      else refuseNonContainer(c, prefix + l.name, v, l.target_type);
    }
    const children = c.fields.get(prefix + '*');
    if (children instanceof Map) {
      for (const [name, child] of children as Map<string, Container>) gb.members.set(name, this.member(c, child, name));
    }
    // Places the spec does not name (kept from a read, or set by hand) are written as they are: datasets with
    // their attributes, untyped groups with everything below them (an empty one too: 'name/' marks it), links to
    // untyped groups as links.
    let names: Set<string> | null = null;
    const groups = new Set<string>();
    for (const [place, v] of c.fields) {
      if (!place.startsWith(prefix)) continue;
      const rest = place.slice(prefix.length);
      const slash = rest.indexOf('/');
      const at = rest.indexOf('@');
      const cut = slash < 0 ? at : at < 0 ? slash : Math.min(slash, at);
      const name = cut < 0 ? rest : rest.slice(0, cut);
      if (name === '' || name === '*' || gb.members.has(name)) continue;
      if ((names ??= this.specNames(spec)).has(name)) continue;
      if (cut >= 0) {
        // Below `name`, or an attribute of it: a group, unless a value sits at `name` (a dataset and its attributes).
        if (rest[cut] === '/' || c.fields.get(prefix + name) === undefined) groups.add(name);
        continue;
      }
      if (v instanceof Container) gb.members.set(name, this.member(c, v, name));
      else if (v instanceof UntypedLink) gb.members.set(name, { kind: 'pathlink', name, file: v.file, path: v.path });
      else if (v !== undefined && v !== null && !(v instanceof Map)) {
        const db: DatasetBuilder = { kind: 'dataset', name, data: v, attributes: new Map() };
        extraAttributes(c, place, db.attributes);
        gb.members.set(name, db);
      }
    }
    for (const name of groups) {
      if (gb.members.has(name)) continue;
      const sub = groupBuilder(name);
      extraAttributes(c, prefix + name, sub.attributes);
      this.walkGroup(c, EMPTY_GROUP, `${prefix}${name}/`, sub);
      gb.members.set(name, sub);
    }
  }

  private specNames(spec: GroupSpec): Set<string> {
    const s = new Set<string>();
    for (const x of [...(spec.datasets ?? []), ...(spec.groups ?? []), ...(spec.links ?? [])]) if (x.name) s.add(x.name);
    return s;
  }

  // ---------------------------------------------------------------- read

  /**
   * Builds the container tree of a read tree. `byPath` collects every container by its file and path so that
   * links and references can be resolved to the same objects afterwards.
   */
  construct(node: ReadGroup | ReadDataset, byPath: Map<string, Container>, expectedType?: string): Container {
    const type = (node.attributes.neurodata_type as string | undefined) ?? expectedType;
    if (!type) throw new RangeError(`${node.path} in ${node.file} has no neurodata_type`);
    const known = this.catalog.has(type);
    const ns = (node.attributes.namespace as string | undefined) ?? (known ? this.catalog.namespaceOf(type) : 'core');
    const c = this.registry.create(type, node.name === '' ? 'root' : node.name, ns);
    if (typeof node.attributes.object_id === 'string') c.objectId = node.attributes.object_id;
    byPath.set(`${node.file}::${node.path}`, c);
    const spec = known ? this.catalog.resolve(type).spec : undefined;
    const declared = declaredAttributes(spec);
    for (const [k, v] of Object.entries(node.attributes)) {
      if (k === 'namespace' || k === 'neurodata_type' || k === 'object_id' || k === '.specloc') continue;
      setAttr(c, `@${k}`, v, declared.has(k) ? undefined : node.attrTypes[k]);
    }
    if (node.kind === 'dataset') {
      c.fields.set('data', node.value);
    } else {
      this.readMembers(c, (spec as GroupSpec | undefined) ?? EMPTY_GROUP, node, '', byPath);
    }
    return c;
  }

  private readMembers(c: Container, spec: GroupSpec, g: ReadGroup, prefix: string, byPath: Map<string, Container>): void {
    const named = new Map<string, { kind: 'dataset' | 'group' | 'link'; spec: AnySpec | LinkSpec }>();
    for (const d of spec.datasets ?? []) if (d.name) named.set(d.name, { kind: 'dataset', spec: d });
    for (const s of spec.groups ?? []) if (s.name) named.set(s.name, { kind: 'group', spec: s });
    for (const l of spec.links ?? []) if (l.name) named.set(l.name, { kind: 'link', spec: l });
    for (const [name, m] of g.members) {
      const place = prefix + name;
      if (m.kind === 'broken') {
        // The field reads null; touching it through require() (readData(), ...) throws naming the link.
        c.fields.set(place, null);
        c._brokenAt(place, {
          link: m.path, file: g.file, reason: m.reason,
          target: m.link.type === 'external' ? { file: m.link.file, path: m.link.path } : { file: null, path: m.link.path },
        });
        continue;
      }
      const n = named.get(name);
      const typed = typeof m.attributes.neurodata_type === 'string';
      if (!typed && m.kind === 'group' && m.via.type === 'soft' && !(n && (n.kind === 'link' || memberType(n.spec as AnySpec)))) {
        // A soft link to an untyped group (or a hard link back to a group being read, read as one): kept as a
        // link to that path, not as an empty group.
        c.fields.set(place, new UntypedLink(m.file, m.path));
        continue;
      }
      if (n && n.kind === 'group' && !memberType(n.spec as AnySpec) && m.kind === 'group' && !typed) {
        const declared = declaredAttributes(n.spec as GroupSpec);
        for (const [k, v] of Object.entries(m.attributes)) setAttr(c, `${place}@${k}`, v, declared.has(k) ? undefined : m.attrTypes[k]);
        this.readMembers(c, n.spec as GroupSpec, m, place + '/', byPath);
        continue;
      }
      if (typed || (n && n.kind !== 'link' && memberType(n.spec as AnySpec))) {
        if (m.via.type !== 'hard' && m.via.type !== 'external') {
          // A soft link to a typed object: resolved to the same container after the whole tree is read. At a
          // place the spec does not name it is one of the group's children, as a hard-linked one would be.
          const pending = new PendingLink(m.file, m.via.path);
          if (n) c.fields.set(place, pending);
          else (c.children(`${prefix}*`) as Map<string, unknown>).set(name, pending);
          continue;
        }
        const child = this.constructCached(m, byPath, n ? memberType(n.spec as AnySpec) : undefined);
        const home = n ? place : `${prefix}*`;
        if (n) c.fields.set(home, child);
        else c.children(home).set(name, child);
        if (m.via.type === 'hard' && child.parent === null) child.parent = c;
        continue;
      }
      if (n && n.kind === 'link') {
        c.fields.set(place, new PendingLink(m.file, m.via.type === 'soft' ? m.via.path : m.path));
        continue;
      }
      if (m.kind === 'dataset') {
        c.fields.set(place, m.value);
        const declared = declaredAttributes(n?.spec as AnySpec | undefined);
        for (const [k, v] of Object.entries(m.attributes)) setAttr(c, `${place}@${k}`, v, declared.has(k) ? undefined : m.attrTypes[k]);
        continue;
      }
      // An untyped group the spec does not describe: kept (empty or not) with its content under its place.
      if (!n) c.fields.set(`${place}/`, true);
      for (const [k, v] of Object.entries(m.attributes)) setAttr(c, `${place}@${k}`, v, m.attrTypes[k]);
      this.readMembers(c, EMPTY_GROUP, m, place + '/', byPath);
    }
  }

  private constructCached(m: ReadGroup | ReadDataset, byPath: Map<string, Container>, expected?: string): Container {
    const existing = byPath.get(`${m.file}::${m.path}`);
    if (existing) return existing;
    return this.construct(m, byPath, expected);
  }
}

function isPlainObject(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * A typed group or link place holds a container; anything else there (a plain object set by hand, say) would be
 * left out of the file without a word, so it is refused naming the place and the type it takes. undefined (not
 * set), null (a broken link read from a file) and links still pending are not values and pass.
 */
function refuseNonContainer(c: Container, place: string, v: unknown, type: string): void {
  if (v === undefined || v === null || v instanceof PendingLink) return;
  const what = isPlainObject(v) ? 'a plain object' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? `a ${(v as object).constructor?.name ?? 'value'}` : `a ${typeof v}`;
  throw new TypeError(`${c.describe()}: '${place}' takes a ${type} container, not ${what}`);
}

const NONE = new Set<string>();
const declaredCache = new WeakMap<object, Set<string>>();

/** The attribute names a spec declares (their type comes from the spec when written, not from the file). */
function declaredAttributes(spec: AnySpec | GroupSpec | undefined): Set<string> {
  if (!spec?.attributes?.length) return NONE;
  let s = declaredCache.get(spec);
  if (!s) declaredCache.set(spec, (s = new Set(spec.attributes.map((a) => a.name))));
  return s;
}

/** An attribute value read from a file, with the HDF5 type it had when the spec does not declare it. */
function setAttr(c: Container, place: string, v: unknown, type: TypeDesc | undefined): void {
  c.fields.set(place, v);
  if (type) (c._attrTypes ??= new Map()).set(place, { value: v, type });
}

/**
 * The attributes at `owner` ('' for the container's own, else a member's place) that `attrs` does not hold yet,
 * that is the ones the spec does not declare (read from a file, or set by hand): written as they are.
 */
function extraAttributes(c: Container, owner: string, attrs: Map<string, AttrBuilder>): void {
  const at = `${owner}@`;
  for (const [place, v] of c.fields) {
    if (!place.startsWith(at) || v === undefined || v === null) continue;
    const name = place.slice(at.length);
    if (name === '' || attrs.has(name)) continue;
    attrs.set(name, { value: v, h5: readType(c, place, v) });
  }
}

/** The type an attribute the spec does not declare is written with: the one it was read with, while unchanged. */
function readType(c: Container, place: string, v: unknown): TypeDesc | undefined {
  const t = c._attrTypes?.get(place);
  return t && t.value === v ? t.type : undefined;
}

/**
 * A link read from a file to an object that is no container: an untyped group reached through a soft link, or a
 * group linked from inside itself. Written back as a link to the same path (PathLinkBuilder).
 */
export class UntypedLink {
  constructor(readonly file: string, readonly path: string) {}
}

/** A link read from a file, to be resolved to the container at that path once the whole tree is read. */
export class PendingLink {
  constructor(readonly file: string, readonly path: string) {}
}

/** The PendingLinks of a tree that no container of `byPath` answers (links and references not yet read). */
export function pendingTargets(root: Container, byPath: Map<string, Container>): PendingLink[] {
  const out = new Map<string, PendingLink>();
  const seen = new Set<Container>();
  const note = (v: unknown) => {
    if (v instanceof PendingLink && !byPath.has(`${v.file}::${v.path}`)) out.set(`${v.file}::${v.path}`, v);
  };
  const walkAll = (c: Container) => {
    if (seen.has(c)) return;
    seen.add(c);
    for (const v of c.fields.values()) {
      if (v instanceof Map) {
        for (const x of v.values()) {
          if (x instanceof Container) walkAll(x);
          else note(x);
        }
        continue;
      }
      note(v);
      if (v instanceof Container) walkAll(v);
      if (Array.isArray(v))
        for (const x of v) {
          note(x);
          if (x instanceof Container) walkAll(x);
          else if (x !== null && typeof x === 'object' && !Array.isArray(x) && !ArrayBuffer.isView(x)) for (const y of Object.values(x as object)) note(y);
        }
    }
  };
  walkAll(root);
  for (const c of byPath.values()) walkAll(c);
  return [...out.values()];
}

/** Replaces PendingLinks (and reference placeholders) by the containers they point to. */
export function resolvePending(root: Container, byPath: Map<string, Container>, onMissing: (p: PendingLink, where: string) => void): void {
  const seen = new Set<Container>();
  const fix = (v: unknown, c: Container, place: string): unknown => {
    if (v instanceof PendingLink) {
      const t = byPath.get(`${v.file}::${v.path}`);
      if (!t) {
        onMissing(v, `${c.describe()} ${place}`);
        return v;
      }
      return t;
    }
    return v;
  };
  const walk = (c: Container) => {
    if (seen.has(c)) return;
    seen.add(c);
    for (const [place, v] of [...c.fields]) {
      if (v instanceof Map) {
        for (const [name, x] of [...(v as Map<string, unknown>)]) {
          if (!(x instanceof PendingLink)) {
            if (x instanceof Container) walk(x);
            continue;
          }
          // A soft-linked child: the container it points to, or (unresolved) kept at its own place, out of the
          // map of containers, where validate() and write() report it as they do any unresolved link.
          const at = place.slice(0, -1) + name;
          const t = fix(x, c, at);
          if (t instanceof Container) {
            v.set(name, t);
            walk(t);
          } else {
            v.delete(name);
            c.fields.set(at, t);
          }
        }
        continue;
      }
      const nv = fix(v, c, place);
      if (nv !== v) c.fields.set(place, nv);
      if (Array.isArray(nv)) {
        // Arrays of references (e.g. the electrodes table's group column), and references in compound rows
        // (e.g. TimeIntervals' timeseries column).
        for (let i = 0; i < nv.length; i++) {
          const x = nv[i];
          if (x !== null && typeof x === 'object' && !Array.isArray(x) && !ArrayBuffer.isView(x) && !(x instanceof Container) && !(x instanceof PendingLink)) {
            const row = x as Record<string, unknown>;
            for (const k of Object.keys(row)) row[k] = fix(row[k], c, place);
          } else {
            nv[i] = fix(x, c, place);
            if (nv[i] instanceof Container && nv[i] !== x) walk(nv[i] as Container);
          }
        }
      }
      if (nv instanceof Container) walk(nv);
    }
  };
  walk(root);
}
