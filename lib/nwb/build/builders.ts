/**
 * Builders: the neutral tree between containers and storage. The mapper turns containers into builders (and
 * read trees back into containers); the HDF5 backend is the only place that turns builders into HDF5 objects.
 */
import type { Container } from '../containers/base';
import type { AnySpec } from '../spec/catalog';
import type { DtypeSpec } from '../spec/schema-types';
import type { TypeDesc } from '../../binding';

export interface AttrBuilder {
  value: unknown;
  /** The spec dtype (decides the HDF5 type: text -> vlen UTF-8, isodatetime -> vlen ASCII, references, ...). */
  dtype?: DtypeSpec;
  /** The HDF5 type the attribute had when read (attributes the spec does not declare keep it when written back). */
  h5?: TypeDesc;
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

/**
 * A link read from a file to an object that is not a container (an untyped group, or a group linked from below
 * itself), written back as a link to the same path: soft when that path is in the file written (or in the source
 * of an export, whose layout the new file keeps), external otherwise.
 */
export interface PathLinkBuilder {
  kind: 'pathlink';
  name: string;
  file: string;
  path: string;
}

export type Builder = GroupBuilder | DatasetBuilder | LinkBuilder | PathLinkBuilder;

export function groupBuilder(name: string, container?: Container): GroupBuilder {
  return { kind: 'group', name, attributes: new Map(), members: new Map(), container };
}
