// Our own definition of the 'table' source of hdmf-common 1.8.0.
// Structure mirrors the official schema exactly (checked by test/nwb/spec-structure.test.ts);
// doc strings are written for this project. Keys use the schema language's snake_case names
// because these objects are written verbatim into the /specifications cache of NWB files.
// 6 type(s).

import type { SpecSource } from '../schema-types';

export const hdmfCommonTable: SpecSource = {
  name: 'table',
  datasets: [
    {
      data_type_def: 'VectorData',
      data_type_inc: 'Data',
      doc: 'One column of a DynamicTable, made ragged when paired with a VectorIndex.',
      dims: [['dim0'], ['dim0', 'dim1'], ['dim0', 'dim1', 'dim2'], ['dim0', 'dim1', 'dim2', 'dim3']],
      shape: [[null], [null, null], [null, null, null], [null, null, null, null]],
      attributes: [
        {
          name: 'description',
          dtype: 'text',
          doc: 'What the column holds.',
        },
      ],
    },
    {
      data_type_def: 'VectorIndex',
      data_type_inc: 'VectorData',
      dtype: 'uint8',
      doc: 'End offsets that split a VectorData column into per-row ranges.',
      dims: ['num_rows'],
      shape: [null],
      attributes: [
        {
          name: 'target',
          dtype: { target_type: 'VectorData', reftype: 'object' },
          doc: 'The column this index splits.',
        },
      ],
    },
    {
      data_type_def: 'ElementIdentifiers',
      data_type_inc: 'Data',
      default_name: 'element_id',
      dtype: 'int',
      dims: ['num_elements'],
      shape: [null],
      doc: 'Unique integer identifiers, such as the row IDs of a table.',
    },
    {
      data_type_def: 'DynamicTableRegion',
      data_type_inc: 'VectorData',
      dtype: 'int',
      doc: 'Column of row indices into another DynamicTable.',
      dims: ['num_rows'],
      shape: [null],
      attributes: [
        {
          name: 'table',
          dtype: { target_type: 'DynamicTable', reftype: 'object' },
          doc: 'The table the indices point into.',
        },
        {
          name: 'description',
          dtype: 'text',
          doc: 'What the selected rows represent.',
        },
      ],
    },
  ],
  groups: [
    {
      data_type_def: 'DynamicTable',
      data_type_inc: 'Container',
      doc: 'Table made of row-aligned column datasets.',
      attributes: [
        {
          name: 'colnames',
          dtype: 'text',
          dims: ['num_columns'],
          shape: [null],
          doc: 'Column names in display order.',
        },
        {
          name: 'description',
          dtype: 'text',
          doc: 'What the table holds.',
        },
      ],
      datasets: [
        {
          name: 'id',
          data_type_inc: 'ElementIdentifiers',
          dtype: 'int',
          dims: ['num_rows'],
          shape: [null],
          doc: 'Row identifiers.',
        },
        {
          data_type_inc: 'VectorData',
          doc: 'The columns, including index columns.',
          quantity: '*',
        },
      ],
    },
    {
      data_type_def: 'AlignedDynamicTable',
      data_type_inc: 'DynamicTable',
      doc: 'DynamicTable with row-aligned sub-tables, one per column category.',
      attributes: [
        {
          name: 'categories',
          dtype: 'text',
          dims: ['num_categories'],
          shape: [null],
          doc: 'Names of the sub-tables, in order.',
        },
      ],
      groups: [
        {
          data_type_inc: 'DynamicTable',
          doc: 'Sub-table for one category, with the same rows as the parent.',
          quantity: '*',
        },
      ],
    },
  ],
};
