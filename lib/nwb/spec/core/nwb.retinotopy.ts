// Our own definition of the 'nwb.retinotopy' source of NWB core 2.9.0.
// Structure mirrors the official schema exactly (checked by test/nwb/spec-structure.test.ts);
// doc strings are written for this project. Keys use the schema language's snake_case names
// because these objects are written verbatim into the /specifications cache of NWB files.
// 1 type(s).

import type { SpecSource } from '../schema-types';

export const nwbRetinotopy: SpecSource = {
  name: 'nwb.retinotopy',
  groups: [
    {
      neurodata_type_def: 'ImagingRetinotopy',
      neurodata_type_inc: 'NWBDataInterface',
      default_name: 'ImagingRetinotopy',
      doc: 'Deprecated: retinotopic maps from intrinsic-signal or widefield imaging.',
      datasets: [
        {
          name: 'axis_1_phase_map',
          dtype: 'float32',
          dims: ['num_rows', 'num_cols'],
          shape: [null, null],
          doc: 'Phase map for the first stimulus axis.',
          attributes: [
            {
              name: 'dimension',
              dtype: 'int32',
              dims: ['num_rows, num_cols'],
              shape: [2],
              doc: 'Image size as rows and columns.',
            },
            {
              name: 'field_of_view',
              dtype: 'float32',
              dims: ['height, width'],
              shape: [2],
              doc: 'Physical size of the imaged area in meters.',
            },
            {
              name: 'unit',
              dtype: 'text',
              doc: 'Unit of the map values, such as degrees.',
            },
          ],
        },
        {
          name: 'axis_1_power_map',
          dtype: 'float32',
          dims: ['num_rows', 'num_cols'],
          shape: [null, null],
          doc: 'Relative response power for the first axis, from 0 to 1.',
          quantity: '?',
          attributes: [
            {
              name: 'dimension',
              dtype: 'int32',
              dims: ['num_rows, num_cols'],
              shape: [2],
              doc: 'Image size as rows and columns.',
            },
            {
              name: 'field_of_view',
              dtype: 'float32',
              dims: ['height, width'],
              shape: [2],
              doc: 'Physical size of the imaged area in meters.',
            },
            {
              name: 'unit',
              dtype: 'text',
              doc: 'Unit of the map values.',
            },
          ],
        },
        {
          name: 'axis_2_phase_map',
          dtype: 'float32',
          dims: ['num_rows', 'num_cols'],
          shape: [null, null],
          doc: 'Phase map for the second stimulus axis.',
          attributes: [
            {
              name: 'dimension',
              dtype: 'int32',
              dims: ['num_rows, num_cols'],
              shape: [2],
              doc: 'Image size as rows and columns.',
            },
            {
              name: 'field_of_view',
              dtype: 'float32',
              dims: ['height, width'],
              shape: [2],
              doc: 'Physical size of the imaged area in meters.',
            },
            {
              name: 'unit',
              dtype: 'text',
              doc: 'Unit of the map values, such as degrees.',
            },
          ],
        },
        {
          name: 'axis_2_power_map',
          dtype: 'float32',
          dims: ['num_rows', 'num_cols'],
          shape: [null, null],
          doc: 'Relative response power for the second axis, from 0 to 1.',
          quantity: '?',
          attributes: [
            {
              name: 'dimension',
              dtype: 'int32',
              dims: ['num_rows, num_cols'],
              shape: [2],
              doc: 'Image size as rows and columns.',
            },
            {
              name: 'field_of_view',
              dtype: 'float32',
              dims: ['height, width'],
              shape: [2],
              doc: 'Physical size of the imaged area in meters.',
            },
            {
              name: 'unit',
              dtype: 'text',
              doc: 'Unit of the map values.',
            },
          ],
        },
        {
          name: 'axis_descriptions',
          dtype: 'text',
          dims: ['axis_1, axis_2'],
          shape: [2],
          doc: 'Names of the two mapped axes, such as altitude and azimuth.',
        },
        {
          name: 'focal_depth_image',
          dtype: 'uint16',
          dims: ['num_rows', 'num_cols'],
          shape: [null, null],
          doc: 'Grayscale image taken with the same optical settings as the maps.',
          quantity: '?',
          attributes: [
            {
              name: 'bits_per_pixel',
              dtype: 'int32',
              doc: 'Bit depth of each pixel, which fixes the white level.',
            },
            {
              name: 'dimension',
              dtype: 'int32',
              dims: ['num_rows, num_cols'],
              shape: [2],
              doc: 'Image size as rows and columns.',
            },
            {
              name: 'field_of_view',
              dtype: 'float32',
              dims: ['height, width'],
              shape: [2],
              doc: 'Physical size of the imaged area in meters.',
            },
            {
              name: 'focal_depth',
              dtype: 'float32',
              doc: 'Focal depth offset in meters.',
            },
            {
              name: 'format',
              dtype: 'text',
              doc: 'Image format; only raw is supported.',
            },
          ],
        },
        {
          name: 'sign_map',
          dtype: 'float32',
          dims: ['num_rows', 'num_cols'],
          shape: [null, null],
          doc: 'Sine of the angle between the gradients of the two axis maps.',
          quantity: '?',
          attributes: [
            {
              name: 'dimension',
              dtype: 'int32',
              dims: ['num_rows, num_cols'],
              shape: [2],
              doc: 'Image size as rows and columns.',
            },
            {
              name: 'field_of_view',
              dtype: 'float32',
              dims: ['height, width'],
              shape: [2],
              doc: 'Physical size of the imaged area in meters.',
            },
          ],
        },
        {
          name: 'vasculature_image',
          dtype: 'uint16',
          dims: ['num_rows', 'num_cols'],
          shape: [null, null],
          doc: 'Grayscale image of the blood vessels on the cortical surface.',
          attributes: [
            {
              name: 'bits_per_pixel',
              dtype: 'int32',
              doc: 'Bit depth of each pixel, which fixes the white level.',
            },
            {
              name: 'dimension',
              dtype: 'int32',
              dims: ['num_rows, num_cols'],
              shape: [2],
              doc: 'Image size as rows and columns.',
            },
            {
              name: 'field_of_view',
              dtype: 'float32',
              dims: ['height, width'],
              shape: [2],
              doc: 'Physical size of the imaged area in meters.',
            },
            {
              name: 'format',
              dtype: 'text',
              doc: 'Image format; only raw is supported.',
            },
          ],
        },
      ],
    },
  ],
};
