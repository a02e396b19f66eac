// Our own definition of the hdmf-experimental 0.5.0 namespace. Field values match the official
// namespace (checked by test/nwb/spec-structure.test.ts); the doc strings are our own.
// Each 'source' entry names a YAML file of the official schema; the matching SpecSource
// in this folder uses the same name without the '.yaml' extension.

import type { NamespaceSpec } from '../schema-types';

export const hdmfExperimentalNamespace: NamespaceSpec = {
  name: 'hdmf-experimental',
  doc: 'HDMF types still on trial; they may change or be removed.',
  author: [
    'Andrew Tritt',
    'Oliver Ruebel',
    'Ryan Ly',
    'Ben Dichter',
    'Matthew Avaylon',
  ],
  contact: [
    'ajtritt@lbl.gov',
    'oruebel@lbl.gov',
    'rly@lbl.gov',
    'bdichter@lbl.gov',
    'mavaylon@lbl.gov',
  ],
  full_name: 'HDMF Experimental',
  schema: [
    { namespace: 'hdmf-common' },
    { doc: 'Trial data types.', source: 'experimental.yaml', title: 'Experimental data types' },
    { doc: 'Types linking data to external resources and ontologies.', source: 'resources.yaml', title: 'Resource reference data types' },
  ],
  version: '0.5.0',
};
