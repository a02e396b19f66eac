// Our own definition of the 'nwb.base' source of NWB core 2.9.0.
// Structure mirrors the official schema exactly (checked by test/nwb/spec-structure.test.ts);
// doc strings are written for this project. Keys use the schema language's snake_case names
// because these objects are written verbatim into the /specifications cache of NWB files.
// 11 type(s).

import type { SpecSource } from '../schema-types';

export const nwbBase: SpecSource = {
  name: 'nwb.base',
  datasets: [
    {
      neurodata_type_def: 'NWBData',
      neurodata_type_inc: 'Data',
      doc: 'Abstract parent of every NWB dataset type.',
    },
    {
      neurodata_type_def: 'TimeSeriesReferenceVectorData',
      neurodata_type_inc: 'VectorData',
      default_name: 'timeseries',
      dtype: [
        { name: 'idx_start', dtype: 'int32', doc: 'First sample index of the referenced slice along the time axis.' },
        { name: 'count', dtype: 'int32', doc: 'How many samples the referenced slice spans.' },
        { name: 'timeseries', dtype: { target_type: 'TimeSeries', reftype: 'object' }, doc: 'The TimeSeries being pointed at.' },
      ],
      doc: 'Table column whose cells each point to a slice of samples in a TimeSeries.',
    },
    {
      neurodata_type_def: 'BaseImage',
      neurodata_type_inc: 'NWBData',
      doc: 'Abstract parent of images stored inline or referenced externally.',
      attributes: [
        {
          name: 'description',
          dtype: 'text',
          doc: 'Free-text note on what the image shows.',
          required: false,
        },
      ],
    },
    {
      neurodata_type_def: 'Image',
      neurodata_type_inc: 'BaseImage',
      dtype: 'numeric',
      dims: [['x', 'y'], ['x', 'y', 'r, g, b'], ['x', 'y', 'r, g, b, a']],
      shape: [[null, null], [null, null, 3], [null, null, 4]],
      doc: 'Image pixels stored in the file, as grayscale, RGB or RGBA arrays.',
      attributes: [
        {
          name: 'resolution',
          dtype: 'float32',
          doc: 'Pixels per centimetre.',
          required: false,
        },
      ],
    },
    {
      neurodata_type_def: 'ExternalImage',
      neurodata_type_inc: 'BaseImage',
      doc: 'Path or URI of an image file kept outside the NWB file.',
      dtype: 'text',
      attributes: [
        {
          name: 'image_mode',
          dtype: 'text',
          doc: 'Colour mode of the external image, such as RGB or grayscale.',
          required: false,
        },
        {
          name: 'image_format',
          dtype: 'text',
          doc: 'File format of the external image (PNG, JPEG or GIF).',
          required: true,
        },
      ],
    },
    {
      neurodata_type_def: 'ImageReferences',
      neurodata_type_inc: 'NWBData',
      dtype: { target_type: 'BaseImage', reftype: 'object' },
      dims: ['num_images'],
      shape: [null],
      doc: 'Ordered list of references to BaseImage datasets.',
    },
  ],
  groups: [
    {
      neurodata_type_def: 'NWBContainer',
      neurodata_type_inc: 'Container',
      doc: 'Abstract parent of every NWB group type.',
    },
    {
      neurodata_type_def: 'NWBDataInterface',
      neurodata_type_inc: 'NWBContainer',
      doc: 'Abstract parent of groups that hold data rather than metadata.',
    },
    {
      neurodata_type_def: 'TimeSeries',
      neurodata_type_inc: 'NWBDataInterface',
      doc: 'Generic time-indexed data together with its timing information.',
      attributes: [
        {
          name: 'description',
          dtype: 'text',
          default_value: 'no description',
          doc: 'Free-text description of this series.',
          required: false,
        },
        {
          name: 'comments',
          dtype: 'text',
          default_value: 'no comments',
          doc: 'Additional free-text remarks about this series.',
          required: false,
        },
      ],
      datasets: [
        {
          name: 'data',
          dims: [['num_times'], ['num_times', 'num_DIM2'], ['num_times', 'num_DIM2', 'num_DIM3'], ['num_times', 'num_DIM2', 'num_DIM3', 'num_DIM4']],
          shape: [[null], [null, null], [null, null, null], [null, null, null, null]],
          doc: 'The samples; the first axis is time.',
          attributes: [
            {
              name: 'conversion',
              dtype: 'float32',
              default_value: 1,
              doc: 'Multiplier that turns stored values into the declared unit.',
              required: false,
            },
            {
              name: 'offset',
              dtype: 'float32',
              default_value: 0,
              doc: 'Amount added after the conversion multiplier to obtain values in the declared unit.',
              required: false,
            },
            {
              name: 'resolution',
              dtype: 'float32',
              default_value: -1,
              doc: 'Smallest meaningful step between values in the declared unit, or -1 if unknown.',
              required: false,
            },
            {
              name: 'unit',
              dtype: 'text',
              doc: 'SI unit of the values once conversion and offset are applied.',
            },
            {
              name: 'continuity',
              dtype: 'text',
              doc: 'Whether the signal is continuous, a set of instantaneous events, or a step function.',
              required: false,
            },
          ],
        },
        {
          name: 'starting_time',
          dtype: 'float64',
          doc: 'Time of the first sample in seconds, used with a fixed rate instead of per-sample timestamps.',
          quantity: '?',
          attributes: [
            {
              name: 'rate',
              dtype: 'float32',
              doc: 'Sampling frequency in Hz.',
            },
            {
              name: 'unit',
              dtype: 'text',
              value: 'seconds',
              doc: 'Time unit; always seconds.',
            },
          ],
        },
        {
          name: 'timestamps',
          dtype: 'float64',
          dims: ['num_times'],
          shape: [null],
          doc: 'Time of each sample in seconds, counted from the file\'s timestamps_reference_time.',
          quantity: '?',
          attributes: [
            {
              name: 'interval',
              dtype: 'int32',
              value: 1,
              doc: 'Stride between stored timestamps; always 1.',
            },
            {
              name: 'unit',
              dtype: 'text',
              value: 'seconds',
              doc: 'Time unit; always seconds.',
            },
          ],
        },
        {
          name: 'control',
          dtype: 'uint8',
          dims: ['num_times'],
          shape: [null],
          doc: 'Per-sample integer labels used to select or group samples.',
          quantity: '?',
        },
        {
          name: 'control_description',
          dtype: 'text',
          dims: ['num_control_values'],
          shape: [null],
          doc: 'Text explaining each control value, indexed by that value.',
          quantity: '?',
        },
      ],
      groups: [
        {
          name: 'sync',
          doc: 'Optional hardware-level timing and sync information used to align clocks.',
          quantity: '?',
        },
      ],
    },
    {
      neurodata_type_def: 'ProcessingModule',
      neurodata_type_inc: 'NWBContainer',
      doc: 'Group collecting the results of one processing stage.',
      attributes: [
        {
          name: 'description',
          dtype: 'text',
          doc: 'What kind of processing this module holds.',
        },
      ],
      groups: [
        {
          neurodata_type_inc: 'NWBDataInterface',
          doc: 'Processed data interfaces in this module.',
          quantity: '*',
        },
        {
          neurodata_type_inc: 'DynamicTable',
          doc: 'Tables in this module.',
          quantity: '*',
        },
      ],
    },
    {
      neurodata_type_def: 'Images',
      neurodata_type_inc: 'NWBDataInterface',
      default_name: 'Images',
      doc: 'Collection of images, optionally with an explicit ordering.',
      attributes: [
        {
          name: 'description',
          dtype: 'text',
          doc: 'What this image collection contains.',
        },
      ],
      datasets: [
        {
          neurodata_type_inc: 'BaseImage',
          doc: 'The images in this collection.',
          quantity: '+',
        },
        {
          name: 'order_of_images',
          neurodata_type_inc: 'ImageReferences',
          doc: 'References giving the order of the images in this group, each image listed once.',
          quantity: '?',
        },
      ],
    },
  ],
};
