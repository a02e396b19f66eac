// Our own definition of the 'base' source of hdmf-common 1.8.0.
// Structure mirrors the official schema exactly (checked by test/nwb/spec-structure.test.ts);
// doc strings are written for this project. Keys use the schema language's snake_case names
// because these objects are written verbatim into the /specifications cache of NWB files.
// 3 type(s).

import type { SpecSource } from '../schema-types';

export const hdmfCommonBase: SpecSource = {
  name: 'base',
  datasets: [
    {
      data_type_def: 'Data',
      doc: 'Abstract parent of all dataset types.',
    },
  ],
  groups: [
    {
      data_type_def: 'Container',
      doc: 'Abstract parent of all group types.',
    },
    {
      data_type_def: 'SimpleMultiContainer',
      data_type_inc: 'Container',
      doc: 'Group holding any number of containers and datasets.',
      datasets: [
        {
          data_type_inc: 'Data',
          quantity: '*',
          doc: 'Contained datasets.',
        },
      ],
      groups: [
        {
          data_type_inc: 'Container',
          quantity: '*',
          doc: 'Contained groups.',
        },
      ],
    },
  ],
};
