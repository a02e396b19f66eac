/**
 * The namespace catalog: every type of every loaded namespace, with inheritance resolved.
 *
 * Types come from the built-in namespaces (NWB core 2.9.0, hdmf-common 1.8.0, hdmf-experimental 0.5.0) or from
 * the namespaces cached in a file's /specifications group (extensions, other schema versions). A resolved type
 * merges its ancestors' specs into one: attributes, datasets, groups and links by name (a child's fields
 * refine the parent's), unnamed typed members by their type.
 */
import { BUILTIN_NAMESPACES } from './index';
import type {
  AttributeSpec, BuiltinNamespace, DatasetSpec, GroupSpec, LinkSpec, NamespaceSpec, SpecSource,
} from './schema-types';

export type AnySpec = GroupSpec | DatasetSpec;

export interface ResolvedType {
  /** Type name (neurodata_type / data_type). */
  name: string;
  /** Namespace that defines it. */
  namespace: string;
  kind: 'group' | 'dataset';
  /** The type's own spec, as defined. */
  own: AnySpec;
  /** The merged spec (ancestors' members included). */
  spec: AnySpec;
  /** The type and its ancestors, nearest first. */
  ancestry: string[];
}

/** The type a spec defines (NWB or HDMF spelling). */
export function typeDef(s: { neurodata_type_def?: string; data_type_def?: string }): string | undefined {
  return s.neurodata_type_def ?? s.data_type_def;
}

/** The type a spec includes (NWB or HDMF spelling). */
export function typeInc(s: { neurodata_type_inc?: string; data_type_inc?: string }): string | undefined {
  return s.neurodata_type_inc ?? s.data_type_inc;
}

/** The type of a member spec: the type it defines or includes. */
export function memberType(s: AnySpec): string | undefined {
  return typeDef(s) ?? typeInc(s);
}

function mergeAttributes(parent: AttributeSpec[] | undefined, child: AttributeSpec[] | undefined): AttributeSpec[] | undefined {
  if (!parent) return child;
  if (!child) return parent;
  const out = parent.map((a) => ({ ...a }));
  for (const c of child) {
    const i = out.findIndex((a) => a.name === c.name);
    if (i >= 0) out[i] = { ...out[i], ...c };
    else out.push(c);
  }
  return out;
}

function key(s: AnySpec | LinkSpec): string {
  if (s.name) return `name:${s.name}`;
  if ('target_type' in s) return `link:${s.target_type}`;
  return `type:${memberType(s as AnySpec)}`;
}

function mergeList<T extends AnySpec | LinkSpec>(parent: T[] | undefined, child: T[] | undefined, deep: boolean): T[] | undefined {
  if (!parent) return child;
  if (!child) return parent;
  const out = parent.slice();
  for (const c of child) {
    const k = key(c);
    const i = out.findIndex((p) => key(p) === k);
    if (i >= 0) out[i] = (deep ? mergeSpec(out[i] as AnySpec, c as AnySpec) : { ...out[i], ...c }) as T;
    else out.push(c);
  }
  return out;
}

/** A child spec refined over its parent spec (used for both type inheritance and redefined members). */
export function mergeSpec(parent: AnySpec, child: AnySpec): AnySpec {
  const out: Record<string, unknown> = { ...parent, ...child };
  // A redefined member keeps the parent's name unless it names itself.
  out.attributes = mergeAttributes(parent.attributes, child.attributes);
  const pg = parent as GroupSpec;
  const cg = child as GroupSpec;
  if (pg.groups || cg.groups) out.groups = mergeList(pg.groups, cg.groups, true);
  if (pg.datasets || cg.datasets) out.datasets = mergeList(pg.datasets, cg.datasets, true);
  if (pg.links || cg.links) out.links = mergeList(pg.links, cg.links, false);
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out as unknown as AnySpec;
}

interface Entry {
  namespace: string;
  kind: 'group' | 'dataset';
  own: AnySpec;
  source: string;
}

export interface LoadedNamespace {
  spec: NamespaceSpec;
  sources: Record<string, SpecSource>;
  /** Types this namespace defines, in source order. */
  types: string[];
}

let builtinBase: NamespaceCatalog | null = null;

export class NamespaceCatalog {
  private types = new Map<string, Entry>();
  private resolved = new Map<string, ResolvedType>();
  readonly namespaces = new Map<string, LoadedNamespace>();
  /** True while `types` and `resolved` are the maps shared by every catalog of the built-in namespaces only. */
  private shared = false;

  /**
   * A catalog with the built-in namespaces loaded. Catalogs that hold only those share one type table and one
   * cache of resolved types (resolving merges every ancestor's spec, which each IO and table would otherwise
   * redo); the first load() of another namespace gives the catalog its own copies.
   */
  static builtin(): NamespaceCatalog {
    const base = (builtinBase ??= NamespaceCatalog.loadBuiltins());
    const c = new NamespaceCatalog();
    c.types = base.types;
    c.resolved = base.resolved;
    for (const [k, v] of base.namespaces) c.namespaces.set(k, v);
    c.shared = true;
    return c;
  }

  private static loadBuiltins(): NamespaceCatalog {
    const c = new NamespaceCatalog();
    for (const ns of BUILTIN_NAMESPACES) c.load(ns);
    return c;
  }

  /** Loads a namespace and its sources. Types already defined by another namespace are kept (first wins). */
  load(ns: BuiltinNamespace, options: { replace?: boolean } = {}): void {
    const name = ns.namespace.name;
    if (this.namespaces.has(name) && !options.replace) return;
    if (this.shared) {
      this.types = new Map(this.types);
      this.resolved = new Map();
      this.shared = false;
    }
    const types: string[] = [];
    for (const entry of ns.namespace.schema) {
      if (!('source' in entry)) continue;
      const srcName = entry.source.replace(/\.(yaml|yml|json)$/, '');
      const src = ns.sources[srcName] ?? ns.sources[entry.source];
      if (!src) throw new Error(`namespace ${name}: source '${entry.source}' is missing`);
      const only = entry.neurodata_types ?? entry.data_types;
      const add = (s: AnySpec, kind: 'group' | 'dataset') => {
        const t = typeDef(s);
        if (!t || (only && !only.includes(t))) return;
        types.push(t);
        if (this.types.has(t) && !options.replace) return;
        this.types.set(t, { namespace: name, kind, own: s, source: srcName });
      };
      for (const g of src.groups ?? []) add(g, 'group');
      for (const d of src.datasets ?? []) add(d, 'dataset');
    }
    this.namespaces.set(name, { spec: ns.namespace, sources: ns.sources, types });
    this.resolved.clear();
  }

  has(type: string): boolean {
    return this.types.has(type);
  }

  /** The namespace that defines a type. */
  namespaceOf(type: string): string {
    const e = this.types.get(type);
    if (!e) throw new RangeError(`unknown neurodata type '${type}'`);
    return e.namespace;
  }

  /** The type with its ancestors merged in. */
  resolve(type: string): ResolvedType {
    const cached = this.resolved.get(type);
    if (cached) return cached;
    const e = this.types.get(type);
    if (!e) throw new RangeError(`unknown neurodata type '${type}'`);
    const parent = typeInc(e.own);
    let spec: AnySpec = e.own;
    let ancestry = [type];
    if (parent && parent !== type) {
      const p = this.resolve(parent);
      spec = mergeSpec(p.spec, e.own);
      ancestry = [type, ...p.ancestry];
    }
    // The merged spec describes this type, not its parent.
    const s = { ...spec } as Record<string, unknown>;
    const r: ResolvedType = { name: type, namespace: e.namespace, kind: e.kind, own: e.own, spec: s as unknown as AnySpec, ancestry };
    this.resolved.set(type, r);
    return r;
  }

  /** True when `type` is `ancestor` or derives from it. */
  isA(type: string, ancestor: string): boolean {
    if (type === ancestor) return true;
    if (!this.types.has(type)) return false;
    return this.resolve(type).ancestry.includes(ancestor);
  }

  /** Every type name known. */
  typeNames(): string[] {
    return [...this.types.keys()];
  }

  /** The namespaces (with versions) a set of types needs, dependencies included. */
  namespacesFor(typeNames: Iterable<string>): string[] {
    const need = new Set<string>();
    for (const t of typeNames) {
      if (!this.types.has(t)) continue;
      for (const a of this.resolve(t).ancestry) need.add(this.namespaceOf(a));
    }
    // Namespaces import others (core imports hdmf-common); keep those too.
    const add = (n: string) => {
      const ns = this.namespaces.get(n);
      if (!ns) return;
      for (const e of ns.spec.schema) if ('namespace' in e && !need.has(e.namespace)) {
        need.add(e.namespace);
        add(e.namespace);
      }
    };
    for (const n of [...need]) add(n);
    return [...need];
  }
}
