// Our own definition of the 'sparse' source of hdmf-common 1.8.0.
// Structure mirrors the official schema exactly (checked by test/nwb/spec-structure.test.ts);
// doc strings are written for this project. Keys use the schema language's snake_case names
// because these objects are written verbatim into the /specifications cache of NWB files.
// 1 type(s).

import type { SpecSource } from '../schema-types';

export const hdmfCommonSparse: SpecSource = {
  name: 'sparse',
  groups: [
    {
      data_type_def: 'CSRMatrix',
      data_type_inc: 'Container',
      doc: 'Sparse matrix in compressed sparse row layout.',
      attributes: [
        {
          name: 'shape',
          dtype: 'uint',
          dims: ['number of rows, number of columns'],
          shape: [2],
          doc: 'Number of rows and columns of the matrix.',
        },
      ],
      datasets: [
        {
          name: 'indices',
          dtype: 'uint',
          dims: ['number of non-zero values'],
          shape: [null],
          doc: 'Column index of each stored value.',
        },
        {
          name: 'indptr',
          dtype: 'uint',
          dims: ['number of rows in the matrix + 1'],
          shape: [null],
          doc: 'Offsets into indices and data marking where each row starts.',
        },
        {
          name: 'data',
          dims: ['number of non-zero values'],
          shape: [null],
          doc: 'The stored non-zero values.',
        },
      ],
    },
  ],
};
