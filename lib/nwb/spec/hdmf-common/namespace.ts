// Our own definition of the hdmf-common 1.8.0 namespace. Field values match the official
// namespace (checked by test/nwb/spec-structure.test.ts); the doc strings are our own.
// Each 'source' entry names a YAML file of the official schema; the matching SpecSource
// in this folder uses the same name without the '.yaml' extension.

import type { NamespaceSpec } from '../schema-types';

export const hdmfCommonNamespace: NamespaceSpec = {
  name: 'hdmf-common',
  doc: 'Shared HDMF data structures such as base containers and tables.',
  author: [
    'Andrew Tritt',
    'Oliver Ruebel',
    'Ryan Ly',
    'Ben Dichter',
  ],
  contact: [
    'ajtritt@lbl.gov',
    'oruebel@lbl.gov',
    'rly@lbl.gov',
    'bdichter@lbl.gov',
  ],
  full_name: 'HDMF Common',
  schema: [
    { doc: 'Abstract root types for datasets and groups.', source: 'base.yaml', title: 'Base data types' },
    { doc: 'Column-oriented table types.', source: 'table.yaml', title: 'Table data types' },
    { doc: 'Sparse matrix types.', source: 'sparse.yaml', title: 'Sparse data types' },
  ],
  version: '1.8.0',
};
