// Our own definition of the 'nwb.image' source of NWB core 2.9.0.
// Structure mirrors the official schema exactly (checked by test/nwb/spec-structure.test.ts);
// doc strings are written for this project. Keys use the schema language's snake_case names
// because these objects are written verbatim into the /specifications cache of NWB files.
// 7 type(s).

import type { SpecSource } from '../schema-types';

export const nwbImage: SpecSource = {
  name: 'nwb.image',
  datasets: [
    {
      neurodata_type_def: 'GrayscaleImage',
      neurodata_type_inc: 'Image',
      dims: ['x', 'y'],
      shape: [null, null],
      doc: 'Single-channel image.',
      dtype: 'numeric',
    },
    {
      neurodata_type_def: 'RGBImage',
      neurodata_type_inc: 'Image',
      dims: ['x', 'y', 'r, g, b'],
      shape: [null, null, 3],
      doc: 'Three-channel colour image.',
      dtype: 'numeric',
    },
    {
      neurodata_type_def: 'RGBAImage',
      neurodata_type_inc: 'Image',
      dims: ['x', 'y', 'r, g, b, a'],
      shape: [null, null, 4],
      doc: 'Four-channel colour image with an alpha channel.',
      dtype: 'numeric',
    },
  ],
  groups: [
    {
      neurodata_type_def: 'ImageSeries',
      neurodata_type_inc: 'TimeSeries',
      doc: 'Sequence of image frames over time, stored in the file or in external files.',
      datasets: [
        {
          name: 'data',
          dtype: 'numeric',
          dims: [['frame', 'x', 'y'], ['frame', 'x', 'y', 'z']],
          shape: [[null, null, null], [null, null, null, null]],
          doc: 'Frames with time on the first axis; left empty when frames live in external files.',
        },
        {
          name: 'dimension',
          dtype: 'int32',
          dims: ['rank'],
          shape: [null],
          doc: 'Frame size in pixels along x, y and optionally z.',
          quantity: '?',
        },
        {
          name: 'external_file',
          dtype: 'text',
          dims: ['num_files'],
          shape: [null],
          doc: 'Paths to the external files holding the frames, used when format is external.',
          quantity: '?',
          attributes: [
            {
              name: 'starting_frame',
              dtype: 'int32',
              dims: ['num_files'],
              shape: [null],
              doc: 'For each external file, the index of its first frame within the whole series.',
            },
          ],
        },
        {
          name: 'format',
          dtype: 'text',
          default_value: 'raw',
          doc: 'How frames are stored: raw, external, or a codec name.',
          quantity: '?',
        },
      ],
      links: [
        {
          name: 'device',
          target_type: 'Device',
          doc: 'Device that captured the frames.',
          quantity: '?',
        },
      ],
    },
    {
      neurodata_type_def: 'ImageMaskSeries',
      neurodata_type_inc: 'ImageSeries',
      doc: 'Deprecated: alpha masks applied to the frames of another image series.',
      links: [
        {
          name: 'masked_imageseries',
          target_type: 'ImageSeries',
          doc: 'The ImageSeries the masks are applied to.',
        },
      ],
    },
    {
      neurodata_type_def: 'OpticalSeries',
      neurodata_type_inc: 'ImageSeries',
      doc: 'Images shown to or recorded from the subject, with the viewing geometry.',
      datasets: [
        {
          name: 'distance',
          dtype: 'float32',
          doc: 'Distance between the camera or monitor and the target or eye.',
          quantity: '?',
        },
        {
          name: 'field_of_view',
          dtype: 'float32',
          dims: [['width, height'], ['width, height, depth']],
          shape: [[2], [3]],
          doc: 'Extent of the imaged or displayed area in meters.',
          quantity: '?',
        },
        {
          name: 'data',
          dtype: 'numeric',
          dims: [['frame', 'x', 'y'], ['frame', 'x', 'y', 'r, g, b']],
          shape: [[null, null, null], [null, null, null, 3]],
          doc: 'The frames, grayscale or colour.',
        },
        {
          name: 'orientation',
          dtype: 'text',
          doc: 'How the image is oriented relative to a stated reference frame.',
          quantity: '?',
        },
      ],
    },
    {
      neurodata_type_def: 'IndexSeries',
      neurodata_type_inc: 'TimeSeries',
      doc: 'Time series of integer indices selecting images from an Images collection.',
      datasets: [
        {
          name: 'data',
          dtype: 'uint32',
          dims: ['num_times'],
          shape: [null],
          doc: 'Zero-based image index for each time point.',
          attributes: [
            {
              name: 'conversion',
              dtype: 'float32',
              doc: 'Not used by this type.',
              required: false,
            },
            {
              name: 'resolution',
              dtype: 'float32',
              doc: 'Not used by this type.',
              required: false,
            },
            {
              name: 'offset',
              dtype: 'float32',
              doc: 'Not used by this type.',
              required: false,
            },
            {
              name: 'unit',
              dtype: 'text',
              value: 'N/A',
              doc: 'Not used by this type; fixed to N/A.',
            },
          ],
        },
      ],
      links: [
        {
          name: 'indexed_timeseries',
          target_type: 'ImageSeries',
          doc: 'Discouraged: ImageSeries whose frames are being indexed.',
          quantity: '?',
        },
        {
          name: 'indexed_images',
          target_type: 'Images',
          doc: 'The ordered Images collection whose images are being indexed.',
          quantity: '?',
        },
      ],
    },
  ],
};
