// Our own definition of the 'experimental' source of hdmf-experimental 0.5.0.
// Structure mirrors the official schema exactly (checked by test/nwb/spec-structure.test.ts);
// doc strings are written for this project. Keys use the schema language's snake_case names
// because these objects are written verbatim into the /specifications cache of NWB files.
// 1 type(s).

import type { SpecSource } from '../schema-types';

export const hdmfExperimentalExperimental: SpecSource = {
  name: 'experimental',
  groups: [],
  datasets: [
    {
      data_type_def: 'EnumData',
      data_type_inc: 'VectorData',
      dtype: 'uint8',
      doc: 'Column of integer codes whose meanings are listed in another VectorData.',
      attributes: [
        {
          name: 'elements',
          dtype: { target_type: 'VectorData', reftype: 'object' },
          doc: 'The VectorData listing the allowed values.',
        },
      ],
    },
  ],
};
