/**
 * Builders: the neutral tree between containers and storage. The mapper turns containers into builders (and
 * read trees back into containers); the HDF5 backend is the only place that turns builders into HDF5 objects.
 */
import type { Container } from '../containers/base';
import type { AnySpec } from '../spec/catalog';
import type { DtypeSpec } from '../spec/schema-types';

export interface AttrBuilder {
  value: unknown;
  /** The spec dtype (decides the HDF5 type: text -> vlen UTF-8, isodatetime -> vlen ASCII, references, ...). */
  dtype?: DtypeSpec;
}

export interface GroupBuilder {
  kind: 'group';
  name: string;
  attributes: Map<string, AttrBuilder>;
  members: Map<string, Builder>;
  /** The container this group stores (typed groups). */
  container?: Container;
}

export interface DatasetBuilder {
  kind: 'dataset';
  name: string;
  /** Values, a lazy dataset of some file, an H5DataIO, an iterable of chunks, or a container (data: otherSeries). */
  data: unknown;
  dtype?: DtypeSpec;
  spec?: AnySpec;
  attributes: Map<string, AttrBuilder>;
  container?: Container;
}

/** A link to a container (its whole group, or one member dataset of it, e.g. 'timestamps'). */
export interface LinkBuilder {
  kind: 'link';
  name: string;
  target: Container;
  member?: string;
}

export type Builder = GroupBuilder | DatasetBuilder | LinkBuilder;

export function groupBuilder(name: string, container?: Container): GroupBuilder {
  return { kind: 'group', name, attributes: new Map(), members: new Map(), container };
}
