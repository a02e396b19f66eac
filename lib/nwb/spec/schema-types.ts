// TypeScript shapes for the NWB / HDMF schema language (spec language 2.x).
//
// Keys intentionally keep the schema language's own snake_case names: these objects are
// serialised as JSON into an NWB file's /specifications cache, where PyNWB/HDMF read them back.
// This module only declares types; the data lives in ./core, ./hdmf-common and ./hdmf-experimental.

/**
 * How many instances of a group, dataset or link may appear: '?' (zero or one), '*' (any number),
 * '+' (one or more), the equivalent word forms, or an exact count.
 */
export type Quantity =
  | '?'
  | '*'
  | '+'
  | 'zero_or_one'
  | 'zero_or_many'
  | 'one_or_many'
  | number;

/** Primitive dtype names known to the schema language (plus synonyms HDMF accepts). */
export type KnownPrimitiveDtype =
  | 'float'
  | 'float32'
  | 'double'
  | 'float64'
  | 'long'
  | 'int64'
  | 'int'
  | 'int32'
  | 'short'
  | 'int16'
  | 'int8'
  | 'uint'
  | 'uint64'
  | 'uint32'
  | 'uint16'
  | 'uint8'
  | 'numeric'
  | 'text'
  | 'utf'
  | 'utf8'
  | 'utf-8'
  | 'ascii'
  | 'bytes'
  | 'bool'
  | 'isodatetime'
  | 'datetime';

/** A primitive dtype name; unknown names are allowed so that extensions still type-check. */
export type PrimitiveDtype = KnownPrimitiveDtype | (string & {});

/** Kind of an HDF5 reference: to a whole object, or to a region of a dataset. */
export type RefType = 'object' | 'region' | 'ref' | 'reference';

/** A reference dtype, e.g. `{ target_type: 'TimeSeries', reftype: 'object' }`. */
export interface ReferenceDtype {
  target_type: string;
  reftype: RefType;
}

/** One field of a compound dtype. */
export interface CompoundDtypeField {
  name: string;
  doc: string;
  dtype: PrimitiveDtype | ReferenceDtype;
}

/** A compound dtype is an ordered list of named fields. */
export type CompoundDtype = CompoundDtypeField[];

/** Any dtype: a primitive name, a compound field list, or a reference description. */
export type DtypeSpec = PrimitiveDtype | CompoundDtype | ReferenceDtype;

/** Length of one axis; `null` means the length is not fixed. */
export type ShapeDim = number | null;

/** One allowed shape, or a list of alternative shapes. */
export type ShapeSpec = ShapeDim[] | ShapeDim[][];

/** Axis labels matching `shape`: one list, or one list per alternative shape. */
export type DimsSpec = string[] | string[][];

/** A fixed or default value of a dataset or attribute. */
export type SpecValue = string | number | boolean | SpecValue[];

/** Specification of an attribute of a group or dataset. */
export interface AttributeSpec {
  name: string;
  doc: string;
  dtype: PrimitiveDtype | ReferenceDtype;
  dims?: DimsSpec;
  shape?: ShapeSpec;
  /** Fixed value: the attribute always has exactly this value. */
  value?: SpecValue;
  /** Value to assume when the attribute is not written. */
  default_value?: SpecValue;
  /** Defaults to true in the schema language. */
  required?: boolean;
}

/** Keys shared by group and dataset specifications. */
export interface BaseObjectSpec {
  /** Defines a new NWB type (NWB namespaces). */
  neurodata_type_def?: string;
  /** Extends / includes an existing type (NWB namespaces). */
  neurodata_type_inc?: string;
  /** HDMF spelling of neurodata_type_def, used by hdmf-common and hdmf-experimental. */
  data_type_def?: string;
  /** HDMF spelling of neurodata_type_inc, used by hdmf-common and hdmf-experimental. */
  data_type_inc?: string;
  /** Fixed name of the object. */
  name?: string;
  /** Name to use when the object is created without one. */
  default_name?: string;
  doc: string;
  quantity?: Quantity;
  /** Whether the object may be stored as a link to an existing object (default true). */
  linkable?: boolean;
  attributes?: AttributeSpec[];
}

/** Specification of a dataset, either a named member of a group or a dataset type. */
export interface DatasetSpec extends BaseObjectSpec {
  dtype?: DtypeSpec;
  dims?: DimsSpec;
  shape?: ShapeSpec;
  value?: SpecValue;
  default_value?: SpecValue;
}

/** Specification of a link to an object of a given type. */
export interface LinkSpec {
  name?: string;
  doc: string;
  target_type: string;
  quantity?: Quantity;
}

/** Specification of a group, either a named member of another group or a group type. */
export interface GroupSpec extends BaseObjectSpec {
  groups?: GroupSpec[];
  datasets?: DatasetSpec[];
  links?: LinkSpec[];
}

/**
 * One schema source of a namespace (one YAML file of the official schema).
 * `name` is the file name without '.yaml', e.g. 'nwb.base'; it is not a schema-language key
 * of the file itself but the name under which the source is cached in /specifications.
 * Type lists keep the order of the official file.
 */
export interface SpecSource {
  name: string;
  groups?: GroupSpec[];
  datasets?: DatasetSpec[];
}

/** Entry of a namespace's schema list that names a source file of this namespace. */
export interface NamespaceSourceEntry {
  source: string;
  doc?: string;
  title?: string;
  /** Restricts which types of the source are loaded. */
  neurodata_types?: string[];
  data_types?: string[];
}

/** Entry of a namespace's schema list that imports (part of) another namespace. */
export interface NamespaceImportEntry {
  namespace: string;
  neurodata_types?: string[];
  data_types?: string[];
}

export type NamespaceSchemaEntry = NamespaceSourceEntry | NamespaceImportEntry;

/** A namespace: its identity, authorship and the ordered list of schema sources it uses. */
export interface NamespaceSpec {
  name: string;
  doc: string;
  author: string | string[];
  contact: string | string[];
  full_name?: string;
  schema: NamespaceSchemaEntry[];
  version: string;
  date?: string;
}

/** A namespace bundled with its sources, keyed by source name (e.g. 'nwb.base'). */
export interface BuiltinNamespace {
  namespace: NamespaceSpec;
  sources: Record<string, SpecSource>;
}
