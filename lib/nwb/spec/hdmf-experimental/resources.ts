// Our own definition of the 'resources' source of hdmf-experimental 0.5.0.
// Structure mirrors the official schema exactly (checked by test/nwb/spec-structure.test.ts);
// doc strings are written for this project. Keys use the schema language's snake_case names
// because these objects are written verbatim into the /specifications cache of NWB files.
// 1 type(s).

import type { SpecSource } from '../schema-types';

export const hdmfExperimentalResources: SpecSource = {
  name: 'resources',
  groups: [
    {
      data_type_def: 'HERD',
      data_type_inc: 'Container',
      doc: 'Set of tables mapping data objects in files to entities in external resources.',
      datasets: [
        {
          data_type_inc: 'Data',
          name: 'keys',
          doc: 'Table of user terms.',
          dtype: [
            { name: 'key', dtype: 'text', doc: 'A user term, such as a species name.' },
          ],
          dims: ['num_rows'],
          shape: [null],
        },
        {
          data_type_inc: 'Data',
          name: 'files',
          doc: 'Table of file object IDs.',
          dtype: [
            { name: 'file_object_id', dtype: 'text', doc: 'Object ID of a file.' },
          ],
          dims: ['num_rows'],
          shape: [null],
        },
        {
          data_type_inc: 'Data',
          name: 'entities',
          doc: 'Table of external entities.',
          dtype: [
            { name: 'entity_id', dtype: 'text', doc: 'Compact identifier (CURIE) of the entity.' },
            { name: 'entity_uri', dtype: 'text', doc: 'Full URI of the entity; may be empty.' },
          ],
          dims: ['num_rows'],
          shape: [null],
        },
        {
          data_type_inc: 'Data',
          name: 'objects',
          doc: 'Table of objects that carry external references.',
          dtype: [
            { name: 'files_idx', dtype: 'uint', doc: 'Row in the files table of the file holding the object.' },
            { name: 'object_id', dtype: 'text', doc: 'Object ID of the object.' },
            { name: 'object_type', dtype: 'text', doc: 'Data type of the object.' },
            { name: 'relative_path', dtype: 'text', doc: 'Path from the object to the dataset or attribute holding the referenced value.' },
            { name: 'field', dtype: 'text', doc: 'Compound field holding the value, or empty when the value is not compound.' },
          ],
          dims: ['num_rows'],
          shape: [null],
        },
        {
          data_type_inc: 'Data',
          name: 'object_keys',
          doc: 'Table linking objects to keys.',
          dtype: [
            { name: 'objects_idx', dtype: 'uint', doc: 'Row in the objects table.' },
            { name: 'keys_idx', dtype: 'uint', doc: 'Row in the keys table.' },
          ],
          dims: ['num_rows'],
          shape: [null],
        },
        {
          data_type_inc: 'Data',
          name: 'entity_keys',
          doc: 'Table linking entities to keys.',
          dtype: [
            { name: 'entities_idx', dtype: 'uint', doc: 'Row in the entities table.' },
            { name: 'keys_idx', dtype: 'uint', doc: 'Row in the keys table.' },
          ],
          dims: ['num_rows'],
          shape: [null],
        },
      ],
    },
  ],
};
