/**
 * validate(): an NWB tree (or a file) checked against the resolved spec of every type in it, as it will be
 * written. The tree is built with the same object mapper the writer uses (so the check sees exactly the groups,
 * datasets, attributes and links a write produces) and walked next to the spec:
 *
 *   - required attributes, datasets, groups and links (quantity), and the count of unnamed typed members
 *   - dtypes: text / isodatetime / bool / numeric, int where the spec demands int, the width the writer will
 *     store (stored data: HDMF's rule of which stored types each spec dtype allows), references to the right type
 *   - shapes, with the spec's alternative shapes (lazy datasets, H5DataIO and ndarray-likes by their shape; chunk
 *     iterators are not looked at)
 *   - names: no '/', no '.', one object per name in a group, fixed names and fixed values
 *   - typed members of the right type, unknown neurodata types
 *   - DynamicTable: every column (through its indexes) as long as `id`, colnames naming existing columns once;
 *     VectorIndex non-decreasing and within its target; DynamicTableRegion indices within the table
 *   - links and references to objects that are in the file (or read from a file)
 *
 * Large arrays are never read: lazy datasets are judged by shape and dtype; index and region data of a file are
 * read only up to SMALL elements (beyond, an index is checked by its last value).
 */
import { Dataset } from '../h5';
import type { TypeDesc } from '../binding';
import { normalize } from '../h5/data';
import { isTypedArray, kindOf } from '../h5/dtype';
import type { TypedArray } from '../h5/dtype';
import type { Builder, DatasetBuilder, GroupBuilder, LinkBuilder } from './build/builders';
import { groupBuilder } from './build/builders';
import { ObjectMapper, PendingLink, TypeRegistry } from './build/mapper';
import { Container } from './containers/base';
import { ascendingNonNegative } from './containers/table';
import { NWBFile } from './containers/file';
import { H5DataIO, isChunkSource } from './io/dataio';
import { h5TypeFor } from './io/dtypes';
import { BuildManager, NWBHDF5IO } from './io/nwbio';
import { AnySpec, memberType, mergeSpec, NamespaceCatalog } from './spec/catalog';
import type { AttributeSpec, DatasetSpec, DtypeSpec, GroupSpec, LinkSpec, Quantity, ReferenceDtype, ShapeSpec } from './spec/schema-types';

/** Stable codes of validation errors. */
export type ValidationCode =
  | 'MISSING_REQUIRED' // a required attribute, dataset, group, link or typed member is missing
  | 'WRONG_DTYPE' // values of the wrong kind (text where numbers are required, floats where ints are, ...)
  | 'WRONG_SHAPE' // a rank or an axis length the spec does not allow
  | 'WRONG_TYPE' // a typed member (or a link / reference target) of a type the place does not take
  | 'UNKNOWN_TYPE' // a neurodata type that no loaded namespace defines
  | 'BAD_NAME' // a name with '/', '.' or '' or not the spec's fixed name
  | 'DUPLICATE_NAME' // two objects under one name in a group, or a column named twice
  | 'QUANTITY' // more (or fewer) typed members than the spec allows
  | 'FIXED_VALUE' // a value other than the spec's fixed value
  | 'TABLE_LENGTH' // a column whose length is not the number of ids
  | 'BAD_INDEX' // a VectorIndex that decreases or points past its target
  | 'BAD_REGION' // a DynamicTableRegion index outside its table
  | 'BAD_LINK' // a link or reference whose target is not in the file (or could not be followed when read)
  | 'BUILD_ERROR'; // the object cannot be turned into what would be written (the message says why)

export interface ValidationError {
  /** Path of the object in the file as it is (or would be) written, e.g. '/acquisition/ts1/data'. */
  path: string;
  /** Neurodata type of the typed object the field belongs to. */
  type: string;
  /** The field, as a place of that object (see Container.get): 'data', 'data@unit', '@description', 'general/experimenter', 'acquisition/ts1'. */
  field: string;
  code: ValidationCode;
  message: string;
}

export interface ValidateOptions {
  /**
   * The types to validate against. Default: for a file, the built-in namespaces plus the extensions cached in
   * the file; for a tree read from a file, the catalog it was read with; otherwise the built-in namespaces.
   */
  catalog?: NamespaceCatalog;
}

/** Index and region data read from a file up to this many elements (beyond: shape and dtype only). */
const SMALL = 1 << 20;

/** HDMF's ISO-8601 datetime pattern (hdmf.validate.validator.get_iso8601_regex). */
const ISO_DATETIME =
  /^(-?(?:[1-9][0-9]*)?[0-9]{4})-(1[0-2]|0[1-9])-(3[01]|0[1-9]|[12][0-9])T(2[0-3]|[01][0-9]):([0-5][0-9]):([0-5][0-9])(\.[0-9]+)?(Z|[+-](?:2[0-3]|[01][0-9]):[0-5][0-9])?$/;

// ------------------------------------------------------------------------------------------------- dtypes

const TEXT = new Set(['text', 'utf', 'utf8', 'utf-8']);
const ASCII = new Set(['ascii', 'bytes']);
const DATETIME = new Set(['isodatetime', 'datetime']);
const INTS = ['int8', 'int16', 'int32', 'int64'];
const UINTS = ['uint8', 'uint16', 'uint32', 'uint64'];
const FLOATS = ['float32', 'float64'];
/** Which stored types each numeric spec dtype allows (HDMF's validator: a wider type of the same kind is fine). */
const ALLOWED: Record<string, string[]> = {
  float: FLOATS, float32: FLOATS, double: ['float64'], float64: ['float64'],
  int8: INTS, short: INTS.slice(1), int16: INTS.slice(1), int: INTS.slice(2), int32: INTS.slice(2), long: ['int64'], int64: ['int64'],
  uint8: UINTS, uint16: UINTS.slice(1), uint: UINTS.slice(2), uint32: UINTS.slice(2), uint64: ['uint64'],
  numeric: [...INTS, ...UINTS, ...FLOATS],
  bool: ['bool'],
};

const TYPED_NAMES: Record<string, string> = {
  Int8Array: 'int8', Uint8Array: 'uint8', Uint8ClampedArray: 'uint8', Int16Array: 'int16', Uint16Array: 'uint16', Int32Array: 'int32',
  Uint32Array: 'uint32', Float32Array: 'float32', Float64Array: 'float64', BigInt64Array: 'int64', BigUint64Array: 'uint64',
};

/** Integer TypedArray element types of at most 32 bits (ascendingNonNegative takes them). */
const INT_TYPED = new Set(['int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32']);

/** The element type of a TypedArray, by its tag: arrays made by the addon may come from another realm (e.g. under jest's vm). */
function typedName(a: TypedArray): string {
  return TYPED_NAMES[Object.prototype.toString.call(a).slice(8, -1)] ?? 'float64';
}

function isRef(d: DtypeSpec | undefined): d is ReferenceDtype {
  return typeof d === 'object' && d !== null && !Array.isArray(d) && 'target_type' in d;
}

function dtypeName(d: DtypeSpec): string {
  if (typeof d === 'string') return d;
  if (isRef(d)) return `a reference to ${d.target_type}`;
  return `compound(${d.map((f) => f.name).join(', ')})`;
}

/** What a value is, for messages. */
function kindOfValue(v: unknown): string {
  if (typeof v === 'string') return 'text';
  if (typeof v === 'boolean') return 'a boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a float';
  if (typeof v === 'bigint') return 'an integer';
  if (v instanceof Container) return v.describe();
  if (v instanceof Date) return 'a Date';
  if (v === null) return 'null';
  return typeof v;
}

/** Why a stored dtype (of a dataset or attribute in a file, or declared by H5DataIO) does not fit a spec dtype. */
function storedProblem(spec: DtypeSpec, stored: string, desc?: TypeDesc): string | null {
  if (isRef(spec)) {
    const want = spec.reftype === 'region' ? 'region-ref' : 'ref';
    return stored === want ? null : `${stored} where ${dtypeName(spec)} is required`;
  }
  if (Array.isArray(spec)) {
    if (stored !== 'compound') return `${stored} where ${dtypeName(spec)} is required`;
    if (desc?.class !== 'compound') return null;
    for (const f of spec) {
      const have = desc.fields.find((x) => x.name === f.name);
      if (!have) return `a compound without the field '${f.name}'`;
      const p = storedProblem(f.dtype, kindOf(have.type), have.type);
      if (p) return `field '${f.name}': ${p}`;
    }
    return null;
  }
  if (TEXT.has(spec) || DATETIME.has(spec)) return stored === 'string' ? null : `${stored} where ${spec} is required`;
  if (ASCII.has(spec)) {
    if (stored !== 'string') return `${stored} where ${spec} is required`;
    return desc?.class === 'string' && desc.cset !== 'ascii' ? `UTF-8 text where ${spec} (ASCII) is required` : null;
  }
  const allowed = ALLOWED[spec];
  if (!allowed) return null; // a dtype name of an extension we do not know: not judged
  return allowed.includes(stored) ? null : `${stored} where ${spec} is required`;
}

/** Why in-memory values do not fit a spec dtype (null when they do). */
function valuesProblem(spec: DtypeSpec, values: ArrayLike<unknown>): string | null {
  const n = values.length;
  if (isRef(spec)) {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v === null || v instanceof PendingLink || v instanceof Container) continue;
      return `${kindOfValue(v)} where ${dtypeName(spec)} is required`;
    }
    return null;
  }
  if (Array.isArray(spec)) {
    for (let i = 0; i < n; i++) {
      const row = values[i];
      if (row === null || typeof row !== 'object' || Array.isArray(row) || row instanceof Container)
        return `${kindOfValue(row)} where ${dtypeName(spec)} (an object with these fields) is required`;
      for (const f of spec) {
        const v = (row as Record<string, unknown>)[f.name];
        if (v === undefined) return `a row without the field '${f.name}' of ${dtypeName(spec)}`;
        const p = valuesProblem(f.dtype, [v]);
        if (p) return `field '${f.name}': ${p}`;
      }
    }
    return null;
  }
  if (TEXT.has(spec) || ASCII.has(spec)) {
    for (let i = 0; i < n; i++) if (typeof values[i] !== 'string') return `${kindOfValue(values[i])} where ${spec} is required`;
    return null;
  }
  if (DATETIME.has(spec)) {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v instanceof Date) continue;
      if (typeof v !== 'string') return `${kindOfValue(v)} where an ISO-8601 datetime is required`;
      if (!ISO_DATETIME.test(v)) return `'${v}' where an ISO-8601 datetime (date, time and offset) is required`;
    }
    return null;
  }
  if (spec === 'bool') {
    if (isTypedArray(values)) return ['uint8', 'int8'].includes(typedName(values)) ? null : `${typedName(values)} where bool is required`;
    for (let i = 0; i < n; i++) if (typeof values[i] !== 'boolean') return `${kindOfValue(values[i])} where bool is required`;
    return null;
  }
  const allowed = ALLOWED[spec];
  if (!allowed) return null;
  const wantInt = !allowed.some((t) => t.startsWith('float'));
  const unsigned = allowed.every((t) => t.startsWith('uint'));
  if (isTypedArray(values)) {
    const t = typedName(values);
    if (!wantInt || !t.startsWith('float')) return unsigned && t.startsWith('int') ? negatives(values, spec) : null;
  }
  // Plain JS integers (row ids): one built-in pass instead of a loop that runs interpreted on a first write.
  if (wantInt && !unsigned && Array.isArray(values) && values.every(Number.isInteger)) return null;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v === 'bigint') {
      if (!wantInt) continue;
      if (unsigned && v < 0n) return `a negative value where ${spec} is required`;
      continue;
    }
    if (typeof v !== 'number') return `${kindOfValue(v)} where ${spec} is required`;
    if (wantInt && !Number.isInteger(v)) return `${Number.isNaN(v) ? 'NaN' : `the float ${v}`} where ${spec} is required`;
    if (unsigned && v < 0) return `a negative value where ${spec} is required`;
  }
  return null;
}

function negatives(values: ArrayLike<unknown>, spec: string): string | null {
  for (let i = 0; i < values.length; i++) if (Number(values[i]) < 0) return `a negative value where ${spec} is required`;
  return null;
}

// ------------------------------------------------------------------------------------------------- shapes

function alternatives(s: ShapeSpec): (number | null)[][] {
  return s.length > 0 && Array.isArray(s[0]) ? (s as (number | null)[][]) : [s as (number | null)[]];
}

function shapeFits(spec: ShapeSpec | undefined, shape: number[]): boolean {
  if (!spec) return true;
  return alternatives(spec).some((alt) => alt.length === shape.length && alt.every((d, i) => d === null || d === shape[i]));
}

function shapeText(s: (number | null)[]): string {
  return `[${s.map((d) => (d === null ? 'any' : String(d))).join(', ')}]`;
}

function specShapeText(spec: ShapeSpec): string {
  return alternatives(spec).map(shapeText).join(' or ');
}

// ------------------------------------------------------------------------------------------------- values

/** What the checks need to know of a dataset's or attribute's value, without reading big data. */
type Described =
  | { kind: 'stored'; dtype?: string; desc?: TypeDesc; shape: number[] | null }
  | { kind: 'values'; values: ArrayLike<unknown>; shape: number[]; typed?: string; original: unknown }
  | { kind: 'unknown'; dtype?: string; shape?: number[] }
  | { kind: 'ragged' };

function describe(v: unknown): Described {
  if (v instanceof H5DataIO) {
    const o = v.options;
    // An empty dataset to fill later: its declared type (else the writer picks one by the spec) and shape.
    if (o.data === undefined) return { kind: 'stored', dtype: o.dtype, shape: o.shape ?? null };
    if (isChunkSource(o.data)) return { kind: 'unknown', dtype: o.dtype };
    const inner = describe(o.data);
    if (inner.kind === 'values' && o.dtype) return { ...inner, typed: o.dtype };
    return inner;
  }
  if (v instanceof Dataset) return { kind: 'stored', dtype: v.dtype, desc: v.dtypeInfo, shape: v.shape };
  if (isChunkSource(v)) return { kind: 'unknown' };
  try {
    const { values, shape } = normalize(v);
    return { kind: 'values', values, shape, typed: isTypedArray(values) ? typedName(values) : undefined, original: v };
  } catch {
    return { kind: 'ragged' };
  }
}

/** Flat numbers of array data (a dataset of a file read only when small); undefined when not at hand. */
function numbersOf(v: unknown, lastOnly = false): { values: ArrayLike<number>; n: number; last: boolean } | undefined {
  if (v instanceof H5DataIO) return v.options.data === undefined || isChunkSource(v.options.data) ? undefined : numbersOf(v.options.data, lastOnly);
  if (v instanceof Dataset) {
    const shape = v.shape;
    if (shape.length !== 1 || !['int', 'uint', 'float'].some((k) => v.dtype.startsWith(k))) return undefined;
    const n = shape[0];
    if (n <= SMALL) return { values: Array.from(v.read().data as ArrayLike<unknown>, Number), n, last: false };
    if (!lastOnly) return undefined;
    return { values: Array.from(v.read({ start: [n - 1], count: [1] }).data as ArrayLike<unknown>, Number), n, last: true };
  }
  if (isChunkSource(v)) return undefined;
  try {
    const { values } = normalize(v);
    // Number arrays as they are (an index of a million rows is not copied); 64-bit integers as numbers.
    if (isTypedArray(values) && !typedName(values).endsWith('int64')) return { values: values as ArrayLike<number>, n: values.length, last: false };
    return { values: Array.from(values as ArrayLike<unknown>, (x) => (typeof x === 'bigint' ? Number(x) : (x as number))), n: values.length, last: false };
  } catch {
    return undefined;
  }
}

/** The length along the first axis of array data, without reading it (undefined when unknown). */
function rowsIn(v: unknown): number | undefined {
  const d = describe(v);
  if (d.kind === 'stored') return d.shape === null ? undefined : d.shape.length === 0 ? 1 : d.shape[0];
  if (d.kind === 'values') return d.shape.length === 0 ? 1 : d.shape[0];
  return undefined;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'bigint' || typeof b === 'bigint') return Number(a) === Number(b);
  if (Array.isArray(b)) {
    const aa = isTypedArray(a) || Array.isArray(a) ? Array.from(a as ArrayLike<unknown>) : [a];
    return aa.length === b.length && aa.every((x, i) => sameValue(x, b[i]));
  }
  if ((Array.isArray(a) || isTypedArray(a)) && (a as ArrayLike<unknown>).length === 1) return sameValue((a as ArrayLike<unknown>)[0], b);
  return a === b;
}

function fmt(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : typeof v === 'bigint' ? String(v) : JSON.stringify(v) ?? String(v);
}

// -------------------------------------------------------------------------------------------- quantities

function minCount(q: Quantity | undefined): number {
  if (q === undefined) return 1;
  if (typeof q === 'number') return q;
  return q === '+' || q === 'one_or_many' ? 1 : 0;
}

function maxCount(q: Quantity | undefined): number {
  if (q === undefined) return 1;
  if (typeof q === 'number') return q;
  return q === '?' || q === 'zero_or_one' ? 1 : Infinity;
}

function quantityText(q: Quantity | undefined): string {
  const min = minCount(q);
  const max = maxCount(q);
  if (min === max) return `exactly ${min}`;
  if (max === Infinity) return `at least ${min}`;
  return `${min} to ${max}`;
}

// ---------------------------------------------------------------------------------------------- building

/** The writer's mapper, except that objects it cannot build become marked placeholders instead of throwing. */
class CheckingMapper extends ObjectMapper {
  readonly failed = new Map<Container, unknown>();
  constructor(catalog: NamespaceCatalog) {
    super(catalog, new TypeRegistry());
  }
  build(c: Container, name = c.name, at?: Parameters<ObjectMapper['build']>[2]): GroupBuilder | DatasetBuilder {
    if (!this.catalog.has(c.neurodataType)) return placeholder(name, c);
    try {
      return super.build(c, name, at);
    } catch (e) {
      this.failed.set(c, e);
      return placeholder(name, c);
    }
  }
}

const placeholders = new WeakSet<GroupBuilder>();
function placeholder(name: string, c: Container): GroupBuilder {
  const b = groupBuilder(name, c);
  placeholders.add(b);
  return b;
}

function join(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

/** Where a container would be written: its place in its owner, up to the root. */
function pathOf(c: Container): string {
  const owner = c.parent;
  if (!owner) return c instanceof NWBFile ? '/' : `/${c.name}`;
  const base = pathOf(owner);
  for (const [place, v] of owner.fields) {
    if (v === c) return join(base, place);
    if (v instanceof Map) for (const [k, x] of v) if (x === c) return join(base, place.slice(0, -1) + k);
  }
  return join(base, c.name);
}

/** Every container owned by the tree (reachable through the places of their owners). */
function ownedIn(root: Container): Set<Container> {
  const out = new Set<Container>();
  const walk = (c: Container) => {
    if (out.has(c)) return;
    out.add(c);
    for (const v of c.fields.values()) {
      if (v instanceof Container && v.parent === c) walk(v);
      else if (v instanceof Map) for (const x of v.values()) if (x instanceof Container && x.parent === c) walk(x);
    }
  };
  walk(root);
  return out;
}

/** The stored HDF5 type of a dataset (no attr) or of an attribute at a path of the file being validated. */
type StoredTypes = (path: string, attr?: string) => TypeDesc | undefined;

// ---------------------------------------------------------------------------------------------- checking

interface Where {
  /** Path of the object checked. */
  path: string;
  /** The typed container the field belongs to. */
  owner: Container;
  /** The field, as a place of the owner. */
  field: string;
}

class Checker {
  readonly errors: ValidationError[] = [];
  private readonly linkTargets: Set<Container>;

  constructor(
    private readonly catalog: NamespaceCatalog,
    private readonly mapper: CheckingMapper,
    root: Container,
    private readonly stored?: StoredTypes,
  ) {
    this.linkTargets = ownedIn(root);
  }

  private add(w: Where, code: ValidationCode, message: string, path = w.path): void {
    this.errors.push({ path, type: w.owner.neurodataType, field: w.field, code, message });
  }

  // ------------------------------------------------------------------------------------- typed objects

  /** A typed object (group or dataset), with the spec and place of the owner that holds it when there is one. */
  typed(b: GroupBuilder | DatasetBuilder, path: string, member?: AnySpec, place?: Where): void {
    const c = b.container!;
    const self: Where = { path, owner: c, field: '' };
    this.checkName(b.name, self, path);
    if (b.kind === 'group' && placeholders.has(b)) {
      if (!this.catalog.has(c.neurodataType)) {
        this.add(self, 'UNKNOWN_TYPE', `${c.describe()} has the neurodata type '${c.neurodataType}', which no loaded namespace defines`);
        return;
      }
      const broken = c.brokenLinks();
      if (broken.length) for (const l of broken) this.add(self, 'BAD_LINK', `the link ${l.link} of ${l.file} cannot be followed (${l.reason})`, l.link);
      else {
        const e = this.mapper.failed.get(c);
        this.add(self, 'BUILD_ERROR', `${c.describe()} cannot be written: ${e instanceof Error ? e.message : String(e)}`);
      }
      return;
    }
    const r = this.catalog.resolve(c.neurodataType);
    const spec = member ? mergeSpec(r.spec, member) : r.spec;
    const fixedName = member?.name ?? r.spec.name;
    if (fixedName && path !== '/' && b.name !== fixedName)
      this.add(self, 'BAD_NAME', `${c.describe()} must be named '${fixedName}'`);
    this.attributes(b, spec, { path, owner: c, field: '' }, (a) => [c.get(`@${a}`), place?.owner.get(`${place.field}@${a}`)]);
    if (b.kind === 'dataset') this.datasetValue(b, spec as DatasetSpec, { path, owner: c, field: 'data' });
    else this.members(b, spec as GroupSpec, path, c, '');
    if (this.catalog.isA(c.neurodataType, 'DynamicTable')) this.table(c, path);
    if (this.catalog.isA(c.neurodataType, 'VectorIndex')) this.vectorIndex(c, path);
    if (this.catalog.isA(c.neurodataType, 'DynamicTableRegion')) this.region(c, path);
  }

  private checkName(name: string, w: Where, path: string): void {
    if (path !== '/' && !validName(name)) this.add(w, 'BAD_NAME', badNameText(name));
  }

  // ---------------------------------------------------------------------------------------- attributes

  /**
   * The attributes of a group or dataset against its spec. `held` gives the values the container holds for an
   * attribute (the writer writes a spec's fixed value whatever they are, so they are compared here).
   */
  private attributes(b: GroupBuilder | DatasetBuilder, spec: AnySpec, w: Where, held: (name: string) => unknown[]): void {
    for (const a of spec.attributes ?? []) {
      const field = `${w.field}@${a.name}`;
      const at: Where = { ...w, field };
      const v = b.attributes.get(a.name)?.value;
      // The writer fills in fixed and default values; a file must hold its required attributes itself.
      const absent = v === undefined || v === null || (this.stored !== undefined && held(a.name).every((h) => h === undefined || h === null));
      if (absent) {
        if (a.required !== false) this.add(at, 'MISSING_REQUIRED', `the required attribute '${a.name}' is missing`);
        if (v === undefined || v === null) continue;
      }
      this.value(v, a, at, a.name);
      if (a.value !== undefined && a.name !== 'nwb_version') {
        // nwb_version: files of earlier schema versions keep theirs.
        for (const h of [v, ...held(a.name)])
          if (h !== undefined && h !== null && !sameValue(h instanceof Date ? h.toISOString() : h, a.value)) {
            this.add(at, 'FIXED_VALUE', `the attribute '${a.name}' is ${fmt(h)}; the spec fixes it to ${fmt(a.value)}`);
            break;
          }
      }
    }
  }

  // ------------------------------------------------------------------------------------------- values

  /** A dataset's data or an attribute's value against the spec's dtype and shape. */
  private value(v: unknown, spec: AttributeSpec | DatasetSpec, w: Where, attr?: string, vectorIndex = false): void {
    const what = attr !== undefined ? `the attribute '${attr}'` : `'${w.field}'`;
    if (v instanceof PendingLink) {
      this.add(w, 'BAD_LINK', `${what} refers to ${v.path} of ${v.file}, which could not be read`);
      return;
    }
    const d = describe(v);
    // A value read from the file being validated: judge the stored type, not the JS value it reads as.
    if (d.kind === 'values' && this.stored && !(v instanceof H5DataIO)) {
      const desc = this.stored(w.path, attr);
      if (desc && spec.dtype !== undefined && !isRef(spec.dtype) && typeof spec.dtype === 'string' && !DATETIME.has(spec.dtype)) {
        const p = storedProblem(spec.dtype, kindOf(desc), desc);
        if (p) this.add(w, 'WRONG_DTYPE', `${what} is ${p}`);
        this.shape(d.shape, spec, w, what);
        return;
      }
    }
    if (d.kind === 'ragged') {
      this.add(w, 'WRONG_SHAPE', `${what} is a ragged nested array (rows of different lengths)`);
      return;
    }
    if (d.kind === 'unknown') {
      if (d.dtype && spec.dtype !== undefined) {
        const p = storedProblem(spec.dtype, d.dtype);
        if (p) this.add(w, 'WRONG_DTYPE', `${what} is declared ${p}`);
      }
      return;
    }
    if (d.kind === 'stored') {
      if (spec.dtype !== undefined && d.dtype !== undefined) {
        const p = storedProblem(spec.dtype, d.dtype, d.desc);
        if (p) this.add(w, 'WRONG_DTYPE', `${what} is ${p}`);
      }
      if (d.shape !== null) this.shape(d.shape, spec, w, what);
      return;
    }
    if (spec.dtype !== undefined && d.values.length > 0) this.dtypeOfValues(d, spec.dtype, w, what, vectorIndex);
    this.shape(d.shape, spec, w, what);
    if (isRef(spec.dtype) || Array.isArray(spec.dtype)) this.references(d.values, spec.dtype, w, what);
  }

  private dtypeOfValues(d: Extract<Described, { kind: 'values' }>, spec: DtypeSpec, w: Where, what: string, vectorIndex: boolean): void {
    const p = valuesProblem(spec, d.values);
    if (p) {
      this.add(w, 'WRONG_DTYPE', `${what} is ${p}`);
      return;
    }
    // The width the writer will store (the writer chooses VectorIndex types itself: the smallest unsigned one).
    if (typeof spec !== 'string' || !ALLOWED[spec] || vectorIndex) return;
    const t = h5TypeFor(spec, d.original, d.typed).dtype;
    if (typeof t === 'string' && !ALLOWED[spec].includes(t))
      this.add(w, 'WRONG_DTYPE', `${what} would be written as ${t} where ${spec} is required (give ${spec.startsWith('float') || spec === 'double' ? 'a Float64Array' : 'values of that type'})`);
  }

  private shape(shape: number[], spec: AttributeSpec | DatasetSpec, w: Where, what: string): void {
    if (spec.shape && !shapeFits(spec.shape, shape))
      this.add(w, 'WRONG_SHAPE', shape.length === 0
        ? `${what} is a scalar where an array of shape ${specShapeText(spec.shape)} is required`
        : `${what} has the shape ${shapeText(shape)} where ${specShapeText(spec.shape)} is required`);
  }

  /** References (alone or in compound rows) must point to objects of the right type that are in the file. */
  private references(values: ArrayLike<unknown>, spec: DtypeSpec | undefined, w: Where, what: string): void {
    const targets: { v: unknown; type: string }[] = [];
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (isRef(spec)) targets.push({ v, type: spec.target_type });
      else if (Array.isArray(spec) && v && typeof v === 'object')
        for (const f of spec) if (isRef(f.dtype)) targets.push({ v: (v as Record<string, unknown>)[f.name], type: f.dtype.target_type });
    }
    const seen = new Set<unknown>();
    for (const { v, type } of targets) {
      if (seen.has(v) || v === null || v === undefined) continue;
      seen.add(v);
      if (v instanceof PendingLink) this.add(w, 'BAD_LINK', `${what} refers to ${v.path} of ${v.file}, which could not be read`);
      else if (v instanceof Container) {
        if (!this.catalog.isA(v.neurodataType, type)) this.add(w, 'WRONG_TYPE', `${what} refers to ${v.describe()} where an object of type ${type} is required`);
        else this.available(v, w, `${what} refers to`);
      }
    }
  }

  /** A link or reference target must be written with the tree, or live in a file already. */
  private available(target: Container, w: Where, what: string): void {
    if (!this.linkTargets.has(target) && !target._origin)
      this.add(w, 'BAD_LINK', `${what} ${target.describe()}, which is neither in this tree nor read from a file`);
  }

  // ---------------------------------------------------------------------------------------- datasets

  private datasetValue(b: DatasetBuilder, spec: DatasetSpec, w: Where): void {
    if (b.data === undefined || b.data === null) {
      this.add(w, 'MISSING_REQUIRED', `${w.owner.describe()} has no data`);
      return;
    }
    if (spec.value !== undefined && !sameValue(b.data, spec.value))
      this.add(w, 'FIXED_VALUE', `'${w.field}' is ${fmt(b.data)}; the spec fixes it to ${fmt(spec.value)}`);
    this.value(b.data, spec, w, undefined, !!b.container && this.catalog.isA(b.container.neurodataType, 'VectorIndex'));
  }

  // ------------------------------------------------------------------------------------------ groups

  /** The members of a group (a typed one, or an untyped group of a typed owner at `prefix`). */
  private members(gb: GroupBuilder, spec: GroupSpec, path: string, owner: Container, prefix: string): void {
    const assigned = new Set<string>();
    const named: { s: AnySpec | LinkSpec; kind: 'dataset' | 'group' | 'link' }[] = [];
    const unnamed: { s: AnySpec | LinkSpec; kind: 'dataset' | 'group' | 'link'; n: number }[] = [];
    for (const [list, kind] of [[spec.datasets, 'dataset'], [spec.groups, 'group'], [spec.links, 'link']] as const)
      for (const s of (list ?? []) as (AnySpec | LinkSpec)[]) {
        if (s.name) named.push({ s, kind });
        else unnamed.push({ s, kind, n: 0 });
      }

    for (const { s, kind } of named) {
      const name = s.name!;
      const field = prefix + name;
      const w: Where = { path: join(path, name), owner, field };
      const m = gb.members.get(name);
      if (!m) {
        if (minCount(s.quantity) > 0) this.add(w, 'MISSING_REQUIRED', `the required ${kind} '${name}' is missing${typeText(s)}`);
        continue;
      }
      assigned.add(name);
      this.member(m, s, kind, w);
    }

    this.names(spec, path, owner, prefix);

    for (const [name, m] of gb.members) {
      if (assigned.has(name)) continue;
      if (m.kind === 'pathlink') continue; // a link to untyped data the spec does not name: kept, not judged
      const type = m.kind === 'link' ? m.target.neurodataType : m.container?.neurodataType;
      if (type === undefined) continue; // untyped data the spec does not name: written as it is, not judged
      const w: Where = { path: join(path, name), owner, field: prefix + name };
      const objKind = this.catalog.has(type) ? this.catalog.resolve(type).kind : m.kind === 'dataset' ? 'dataset' : 'group';
      const fits = unnamed.filter(({ s, kind }) =>
        kind === 'link' ? m.kind === 'link' && this.catalog.isA(type, (s as LinkSpec).target_type)
          : kind === objKind && this.catalog.isA(type, memberType(s as AnySpec)!));
      if (fits.length === 0) {
        if (!this.catalog.has(type) && m.kind !== 'link') this.member(m, undefined, objKind, w);
        else {
          const takes = unnamed.map(({ s, kind }) => (kind === 'link' ? `links to ${(s as LinkSpec).target_type}` : memberType(s as AnySpec))).filter(Boolean);
          this.add(w, 'WRONG_TYPE', `${describeMember(m)} cannot be here: ${where(owner, prefix)} takes ${takes.length ? takes.join(', ') : 'no typed members'}`);
          if (m.kind !== 'link') this.member(m, undefined, objKind, w);
        }
        continue;
      }
      const pick = fits.find((f) => f.n < minCount(f.s.quantity)) ?? fits.find((f) => f.n < maxCount(f.s.quantity)) ?? fits[0];
      pick.n++;
      this.member(m, pick.s, pick.kind, w);
    }

    for (const { s, kind, n } of unnamed) {
      const type = kind === 'link' ? (s as LinkSpec).target_type : memberType(s as AnySpec);
      const min = minCount(s.quantity);
      const max = maxCount(s.quantity);
      if (n >= min && n <= max) continue;
      const w: Where = { path, owner, field: `${prefix}*` };
      this.add(w, n === 0 ? 'MISSING_REQUIRED' : 'QUANTITY',
        `${where(owner, prefix)} has ${n} ${kind === 'link' ? 'link' : kind}${n === 1 ? '' : 's'} of type ${type}; the spec asks for ${quantityText(s.quantity)}`);
    }
  }

  /** One member at its spec (undefined: a typed member no spec of the place takes, checked as its own type). */
  private member(m: Builder, s: AnySpec | LinkSpec | undefined, kind: 'dataset' | 'group' | 'link', w: Where): void {
    if (m.kind === 'link') {
      this.link(m, s, w);
      return;
    }
    if (m.kind === 'pathlink') {
      // A link read from a file to an untyped object: it stands where the spec names a typed object only if
      // the file had it there; the type cannot be judged without a container.
      if (s && kind !== 'link' && memberType(s as AnySpec))
        this.add(w, 'WRONG_TYPE', `'${w.field}' must be of type ${memberType(s as AnySpec)}; it links to untyped '${m.path}'`);
      return;
    }
    const want = s && kind !== 'link' ? memberType(s as AnySpec) : undefined;
    if (want) {
      if (!m.container) {
        this.add(w, 'WRONG_TYPE', `'${w.field}' must be of type ${want}; it holds untyped data`);
        return;
      }
      const type = m.container.neurodataType;
      if (this.catalog.has(type) && !this.catalog.isA(type, want)) {
        if (!legacyElectrodes(w, want, type, this.catalog)) this.add(w, 'WRONG_TYPE', `'${w.field}' must be of type ${want}; it is ${m.container.describe()}`);
        this.typed(m, w.path);
        return;
      }
      this.typed(m, w.path, s as AnySpec, w);
      return;
    }
    if (m.container) {
      this.typed(m, w.path);
      return;
    }
    if (!s) return;
    this.checkName(m.name, w, w.path);
    if (m.kind === 'dataset') {
      const ds = s as DatasetSpec;
      this.attributes(m, ds, w, (a) => [w.owner.get(`${w.field}@${a}`)]);
      this.datasetValue(m, ds, w);
    } else {
      this.attributes(m, s as GroupSpec, w, (a) => [w.owner.get(`${w.field}@${a}`)]);
      this.members(m, s as GroupSpec, w.path, w.owner, `${w.field}/`);
    }
  }

  private link(m: LinkBuilder, s: AnySpec | LinkSpec | undefined, w: Where): void {
    const t = m.target;
    if (s && 'target_type' in s) {
      if (!this.catalog.isA(t.neurodataType, s.target_type)) this.add(w, 'WRONG_TYPE', `'${w.field}' must link to an object of type ${s.target_type}; it links to ${t.describe()}`);
    } else if (s) {
      const spec = s as AnySpec;
      const want = memberType(spec);
      if (spec.linkable === false) this.add(w, 'BAD_LINK', `'${w.field}' cannot be a link: the spec wants the object itself here`);
      if (want && !this.catalog.isA(t.neurodataType, want)) this.add(w, 'WRONG_TYPE', `'${w.field}' must be of type ${want}; it links to ${t.describe()}`);
      if (m.member !== undefined && t.get(m.member) === undefined && !t._origin)
        this.add(w, 'BAD_LINK', `'${w.field}' shares '${m.member}' of ${t.describe()}, which has none`);
    }
    this.available(t, w, `'${w.field}' links to`);
  }

  /** One object per name in a group: children named as they are stored, and not over a name the spec takes. */
  private names(spec: GroupSpec, path: string, owner: Container, prefix: string): void {
    const children = owner.fields.get(`${prefix}*`);
    if (!(children instanceof Map)) return;
    const specNames = new Set([...(spec.datasets ?? []), ...(spec.groups ?? []), ...(spec.links ?? [])].map((s) => s.name).filter(Boolean));
    const keys = new Set(children.keys());
    for (const [key, child] of children as Map<string, Container>) {
      const w: Where = { path: join(path, key), owner, field: prefix + key };
      if (specNames.has(key) || owner.fields.has(prefix + key))
        this.add(w, 'DUPLICATE_NAME', `${child.describe()} takes the name '${key}', which ${where(owner, prefix)} uses for its own '${key}'`);
      // A child renamed after it was added is still stored under the name it was added with.
      if (child.parent !== owner || child.name === key || !validName(key)) continue;
      if (!validName(child.name)) this.add(w, 'BAD_NAME', badNameText(child.name));
      else if (keys.has(child.name) || [...children.values()].some((x) => x !== child && x.name === child.name))
        this.add({ ...w, path: join(path, child.name), field: prefix + child.name }, 'DUPLICATE_NAME',
          `${where(owner, prefix)} has two objects named '${child.name}' (${child.describe()} was renamed after it was added as '${key}')`);
      else this.add(w, 'BAD_NAME', `${child.describe()} is stored as '${key}' (it was renamed after it was added)`);
    }
  }

  // ------------------------------------------------------------------------------------------- tables

  private columns(t: Container): Map<string, Container> {
    const out = new Map<string, Container>();
    const isCol = (v: unknown): v is Container => v instanceof Container && this.catalog.isA(v.neurodataType, 'VectorData');
    for (const [place, v] of t.fields) if (!/[@/*]/.test(place) && isCol(v)) out.set(place, v);
    const kids = t.fields.get('*');
    if (kids instanceof Map) for (const [n, v] of kids) if (isCol(v)) out.set(n, v);
    return out;
  }

  private table(t: Container, path: string): void {
    const w: Where = { path, owner: t, field: '@colnames' };
    const id = t.get('id');
    const rows = id instanceof Container ? rowsIn(id.get('data')) : undefined;
    const cols = this.columns(t);
    const raw = t.get('@colnames');
    const colnames = raw === undefined || raw === null ? [] : typeof raw === 'string' ? [raw] : Array.from(raw as ArrayLike<unknown>);
    const seen = new Set<unknown>();
    for (const name of colnames) {
      if (typeof name !== 'string') continue; // the attribute's dtype check reports it
      if (seen.has(name)) {
        this.add(w, 'DUPLICATE_NAME', `colnames names the column '${name}' twice`);
        continue;
      }
      seen.add(name);
      const col = cols.get(name);
      if (!col) {
        this.add({ ...w, path: join(path, name) }, 'MISSING_REQUIRED', `colnames names the column '${name}', which the table does not have`);
        continue;
      }
      // The row count of a column is the length of its outermost index.
      let outer = col;
      const chain: string[] = [];
      for (let guard = 0; guard < 3; guard++) {
        const ix = [...cols].find(([, c]) => this.catalog.isA(c.neurodataType, 'VectorIndex') && c.get('@target') === outer);
        if (!ix) break;
        chain.push(ix[0]);
        outer = ix[1];
      }
      const n = rowsIn(outer.get('data'));
      if (rows !== undefined && n !== undefined && n !== rows) {
        const through = chain.length ? ` (through ${chain[chain.length - 1]})` : '';
        this.add({ path: join(path, chain.length ? chain[chain.length - 1] : name), owner: t, field: name }, 'TABLE_LENGTH',
          `the column '${name}' has ${n} rows${through}; the table has ${rows} ids`);
      }
    }
  }

  private vectorIndex(ix: Container, path: string): void {
    const w: Where = { path, owner: ix, field: 'data' };
    const target = ix.get('@target');
    const nums = numbersOf(ix.get('data'), true);
    if (!nums || !(target instanceof Container)) return;
    const len = rowsIn(target.get('data'));
    let prev = 0;
    const vals = nums.values;
    // An integer TypedArray that is in order is checked without the loop below (which then only names the row).
    if (!nums.last && isTypedArray(vals) && INT_TYPED.has(typedName(vals)) && ascendingNonNegative(vals as unknown as Uint32Array)) {
      if (len !== undefined && vals.length > 0 && vals[vals.length - 1] > len)
        this.add(w, 'BAD_INDEX', `the index ends at ${vals[vals.length - 1]}, past the end of ${target.describe()} (length ${len})`);
      return;
    }
    for (let i = 0; i < nums.values.length; i++) {
      const v = nums.values[i];
      if (!Number.isInteger(v) || v < 0) return; // the dtype check reports it
      if (!nums.last && v < prev) {
        this.add(w, 'BAD_INDEX', `the index decreases at row ${i} (${prev} then ${v}); it must hold cumulative end offsets`);
        return;
      }
      prev = v;
    }
    if (len !== undefined && nums.values.length > 0 && prev > len)
      this.add(w, 'BAD_INDEX', `the index ends at ${prev}, past the end of ${target.describe()} (length ${len})`);
  }

  private region(r: Container, path: string): void {
    const w: Where = { path, owner: r, field: 'data' };
    const table = r.get('@table');
    if (!(table instanceof Container) || !this.catalog.isA(table.neurodataType, 'DynamicTable')) return; // the attribute check reports it
    const id = table.get('id');
    const n = id instanceof Container ? rowsIn(id.get('data')) : undefined;
    const nums = numbersOf(r.get('data'));
    if (n === undefined || !nums) return;
    for (let i = 0; i < nums.values.length; i++) {
      const v = nums.values[i];
      if (Number.isInteger(v) && (v < 0 || v >= n)) {
        this.add(w, 'BAD_REGION', `the row index ${v} is outside ${table.describe()}, which has ${n} rows`);
        return;
      }
    }
  }
}

/**
 * NWB 2.9.0 made /general/extracellular_ephys/electrodes an ElectrodesTable; before, it was a DynamicTable with the
 * same columns (what PyNWB 2.x writes, NWB 2.7.0). Such a table is accepted, and checked as the DynamicTable it
 * is: files of earlier versions hold it, and they stay appendable (an append keeps the table it read).
 */
function legacyElectrodes(w: Where, want: string, type: string, catalog: NamespaceCatalog): boolean {
  return want === 'ElectrodesTable' && w.field === 'general/extracellular_ephys/electrodes' && w.owner.neurodataType === 'NWBFile' && catalog.isA(type, 'DynamicTable');
}

function validName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !name.includes('/');
}

function badNameText(name: string): string {
  return `the name '${name}' is not allowed (names must not contain '/' nor be '', '.' or '..')`;
}

function typeText(s: AnySpec | LinkSpec): string {
  const t = 'target_type' in s ? s.target_type : memberType(s as AnySpec);
  return t ? ` (of type ${t})` : '';
}

function describeMember(m: Builder): string {
  if (m.kind === 'link') return `a link to ${m.target.describe()}`;
  if (m.kind === 'pathlink') return `a link to '${m.path}'`;
  return m.container ? m.container.describe() : `'${m.name}'`;
}

function where(owner: Container, prefix: string): string {
  return prefix ? `'${prefix.slice(0, -1)}' of ${owner.describe()}` : owner.describe();
}

// --------------------------------------------------------------------------------------------------- api

let builtin: NamespaceCatalog | null = null;

function catalogFor(c: Container): NamespaceCatalog {
  const reader = c.root()._origin?.reader as { manager?: { catalog?: unknown } } | undefined;
  if (reader?.manager?.catalog instanceof NamespaceCatalog) return reader.manager.catalog;
  return (builtin ??= NamespaceCatalog.builtin());
}

/** The errors of a tree, and what the mapper itself refused to build (what a write would have thrown). */
function checkTree(target: Container, catalog: NamespaceCatalog, stored?: StoredTypes): { errors: ValidationError[]; failures: unknown[]; built: GroupBuilder | DatasetBuilder } {
  const mapper = new CheckingMapper(catalog);
  const root = target.root();
  const path = target === root && target instanceof NWBFile ? '/' : pathOf(target);
  const b = path === '/' ? mapper.buildTree(target) : mapper.build(target, path.slice(path.lastIndexOf('/') + 1));
  const checker = new Checker(catalog, mapper, root, stored);
  checker.typed(b, path);
  return { errors: checker.errors, failures: [...mapper.failed.values()], built: b };
}

function validateFile(file: string, options: ValidateOptions): ValidationError[] {
  // Without a catalog, the file's cached extensions are loaded (as a read does); a given catalog is used as it is.
  const io = new NWBHDF5IO(file, 'r', options.catalog ? { manager: new BuildManager(options.catalog), loadNamespaces: false } : {});
  const opened = new Map<string, { attrs: { getInfo(n: string): { dtype: TypeDesc } }; close(): void } | null>();
  try {
    const root = io.read();
    const h5 = io.h5file;
    const stored: StoredTypes = (p, attr) => {
      let o = opened.get(p);
      if (o === undefined) {
        try {
          o = h5.get(p) ?? null;
        } catch {
          o = null;
        }
        opened.set(p, o);
      }
      if (!o) return undefined;
      try {
        if (attr !== undefined) return o.attrs.getInfo(attr).dtype;
        return o instanceof Dataset ? o.dtypeInfo : undefined;
      } catch {
        return undefined;
      }
    };
    const { errors } = checkTree(root, io.manager.catalog, stored);
    // Links the reader could not follow and that no container reported (e.g. at places of untyped groups).
    for (const b of io.brokenLinks())
      if (!errors.some((e) => e.code === 'BAD_LINK' && e.path === b.link))
        errors.push({ path: b.link, type: 'NWBFile', field: '', code: 'BAD_LINK', message: `the link ${b.link} of ${b.file} cannot be followed (${b.reason})` });
    return errors;
  } finally {
    for (const o of opened.values()) o?.close();
    io.close();
  }
}

/**
 * Checks an NWB file (a path: opened read-only, read, checked and closed), an NWBFile or any container of a tree
 * against the spec; returns every problem found (an empty list when valid). A file that cannot be opened or read
 * as NWB throws the error that says why (e.g. Hdf5Error ERR_H5_TRUNCATED naming the file).
 */
export function validate(target: NWBFile | Container | string, options: ValidateOptions = {}): ValidationError[] {
  if (typeof options !== 'object' || options === null) throw new TypeError('validate(): options must be an object');
  for (const k of Object.keys(options)) if (k !== 'catalog') throw new TypeError(`validate(): unknown option '${k}'`);
  if (options.catalog !== undefined && !(options.catalog instanceof NamespaceCatalog)) throw new TypeError('validate(): catalog must be a NamespaceCatalog');
  if (typeof target === 'string') return validateFile(target, options);
  if (!(target instanceof Container)) throw new TypeError('validate() needs an NWBFile, a container or a file path');
  return checkTree(target, options.catalog ?? catalogFor(target)).errors;
}

/** Thrown by NWBHDF5IO.write() (and assertValid) for a tree that is not valid NWB. */
export class NWBValidationError extends Error {
  readonly code = 'ERR_NWB_INVALID';
  readonly errors: ValidationError[];
  constructor(errors: ValidationError[]) {
    const shown = errors.slice(0, 3).map((e) => `${e.path}: ${e.type} ${e.field ? `'${e.field}'` : ''} ${e.message} [${e.code}]`.replace(/ {2,}/g, ' '));
    const more = errors.length > 3 ? `; and ${errors.length - 3} more` : '';
    super(`invalid NWB (${errors.length} error${errors.length === 1 ? '' : 's'}): ${shown.join('; ')}${more}`);
    this.name = 'NWBValidationError';
    this.errors = errors;
  }
}

/**
 * Throws NWBValidationError when the tree is not valid against the catalog. A tree the writer could not even
 * build (a link that could not be followed when the file was read, ...) throws the writer's own error for it
 * (e.g. Hdf5Error ERR_H5_BROKEN_LINK naming the link and its file), as write() did before it validated.
 */
export function assertValid(nwbfile: NWBFile, catalog: NamespaceCatalog): GroupBuilder {
  if (!(catalog instanceof NamespaceCatalog)) throw new TypeError('assertValid(): catalog must be a NamespaceCatalog');
  const { errors, failures, built } = checkTree(nwbfile, catalog);
  if (failures.length) throw failures[0];
  if (errors.length) throw new NWBValidationError(errors);
  // Nothing failed, so no placeholder is in it: the tree is the one the writer's mapper builds (the checker
  // only reads builders), and a plain write uses it instead of building the same tree again.
  return built as GroupBuilder;
}

// write(nwbfile, { validate: false }) skips the check (NWBHDF5IO.prepareWrite calls assertValid otherwise).
declare module './io/nwbio' {
  interface WriteArgs {
    /** Check the tree against the spec before anything is written (default true); an invalid tree throws NWBValidationError. */
    validate?: boolean;
  }
}

