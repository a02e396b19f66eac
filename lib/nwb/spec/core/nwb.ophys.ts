// Our own definition of the 'nwb.ophys' source of NWB core 2.9.0.
// Structure mirrors the official schema exactly (checked by test/nwb/spec-structure.test.ts);
// doc strings are written for this project. Keys use the schema language's snake_case names
// because these objects are written verbatim into the /specifications cache of NWB files.
// 11 type(s).

import type { SpecSource } from '../schema-types';

export const nwbOphys: SpecSource = {
  name: 'nwb.ophys',
  groups: [
    {
      neurodata_type_def: 'OnePhotonSeries',
      neurodata_type_inc: 'ImageSeries',
      doc: 'Image frames from one-photon imaging, such as widefield or miniscope recordings.',
      attributes: [
        {
          name: 'pmt_gain',
          dtype: 'float32',
          doc: 'Gain setting of the photomultiplier tube.',
          required: false,
        },
        {
          name: 'scan_line_rate',
          dtype: 'float32',
          doc: 'Scan lines acquired per second.',
          required: false,
        },
        {
          name: 'exposure_time',
          dtype: 'float32',
          doc: 'Exposure time of each frame.',
          required: false,
        },
        {
          name: 'binning',
          dtype: 'uint8',
          doc: 'Pixel binning factor.',
          required: false,
        },
        {
          name: 'power',
          dtype: 'float32',
          doc: 'Excitation power in mW.',
          required: false,
        },
        {
          name: 'intensity',
          dtype: 'float32',
          doc: 'Excitation intensity in mW/mm^2.',
          required: false,
        },
      ],
      links: [
        {
          name: 'imaging_plane',
          target_type: 'ImagingPlane',
          doc: 'The imaging plane the frames come from.',
        },
      ],
    },
    {
      neurodata_type_def: 'TwoPhotonSeries',
      neurodata_type_inc: 'ImageSeries',
      doc: 'Image frames from two-photon imaging.',
      attributes: [
        {
          name: 'pmt_gain',
          dtype: 'float32',
          doc: 'Gain setting of the photomultiplier tube.',
          required: false,
        },
        {
          name: 'scan_line_rate',
          dtype: 'float32',
          doc: 'Scan lines acquired per second.',
          required: false,
        },
      ],
      datasets: [
        {
          name: 'field_of_view',
          dtype: 'float32',
          dims: [['width|height'], ['width|height|depth']],
          shape: [[2], [3]],
          doc: 'Extent of the imaged area in meters.',
          quantity: '?',
        },
      ],
      links: [
        {
          name: 'imaging_plane',
          target_type: 'ImagingPlane',
          doc: 'The imaging plane the frames come from.',
        },
      ],
    },
    {
      neurodata_type_def: 'RoiResponseSeries',
      neurodata_type_inc: 'TimeSeries',
      doc: 'Signals over time from regions of interest, time by ROI.',
      datasets: [
        {
          name: 'data',
          dtype: 'numeric',
          dims: [['num_times'], ['num_times', 'num_ROIs']],
          shape: [[null], [null, null]],
          doc: 'Signal values.',
        },
        {
          name: 'rois',
          neurodata_type_inc: 'DynamicTableRegion',
          doc: 'Rows of the ROI table the signals belong to.',
        },
      ],
    },
    {
      neurodata_type_def: 'DfOverF',
      neurodata_type_inc: 'NWBDataInterface',
      default_name: 'DfOverF',
      doc: 'Container of dF/F traces.',
      groups: [
        {
          neurodata_type_inc: 'RoiResponseSeries',
          doc: 'Series of dF/F traces.',
          quantity: '+',
        },
      ],
    },
    {
      neurodata_type_def: 'Fluorescence',
      neurodata_type_inc: 'NWBDataInterface',
      default_name: 'Fluorescence',
      doc: 'Container of raw fluorescence traces.',
      groups: [
        {
          neurodata_type_inc: 'RoiResponseSeries',
          doc: 'Series of fluorescence traces.',
          quantity: '+',
        },
      ],
    },
    {
      neurodata_type_def: 'ImageSegmentation',
      neurodata_type_inc: 'NWBDataInterface',
      default_name: 'ImageSegmentation',
      doc: 'Container of segmentation results, one per imaging plane.',
      groups: [
        {
          neurodata_type_inc: 'PlaneSegmentation',
          doc: 'Segmentation of one imaging plane.',
          quantity: '+',
        },
      ],
    },
    {
      neurodata_type_def: 'PlaneSegmentation',
      neurodata_type_inc: 'DynamicTable',
      doc: 'Table of ROIs found in one imaging plane, given as image, pixel or voxel masks.',
      datasets: [
        {
          name: 'image_mask',
          neurodata_type_inc: 'VectorData',
          dims: [['num_roi', 'num_x', 'num_y'], ['num_roi', 'num_x', 'num_y', 'num_z']],
          shape: [[null, null, null], [null, null, null, null]],
          doc: 'Full-frame weight image for each ROI.',
          quantity: '?',
        },
        {
          name: 'pixel_mask_index',
          neurodata_type_inc: 'VectorIndex',
          doc: 'Ragged-array index for pixel_mask.',
          quantity: '?',
        },
        {
          name: 'pixel_mask',
          neurodata_type_inc: 'VectorData',
          dtype: [
            { name: 'x', dtype: 'uint32', doc: 'x index of the pixel.' },
            { name: 'y', dtype: 'uint32', doc: 'y index of the pixel.' },
            { name: 'weight', dtype: 'float32', doc: 'Weight of the pixel within the ROI.' },
          ],
          doc: 'Per-ROI lists of pixel coordinates and weights.',
          quantity: '?',
        },
        {
          name: 'voxel_mask_index',
          neurodata_type_inc: 'VectorIndex',
          doc: 'Ragged-array index for voxel_mask.',
          quantity: '?',
        },
        {
          name: 'voxel_mask',
          neurodata_type_inc: 'VectorData',
          dtype: [
            { name: 'x', dtype: 'uint32', doc: 'x index of the voxel.' },
            { name: 'y', dtype: 'uint32', doc: 'y index of the voxel.' },
            { name: 'z', dtype: 'uint32', doc: 'z index of the voxel.' },
            { name: 'weight', dtype: 'float32', doc: 'Weight of the voxel within the ROI.' },
          ],
          doc: 'Per-ROI lists of voxel coordinates and weights.',
          quantity: '?',
        },
      ],
      groups: [
        {
          name: 'reference_images',
          doc: 'Images the masks were drawn on.',
          groups: [
            {
              neurodata_type_inc: 'ImageSeries',
              doc: 'One such image stack.',
              quantity: '*',
            },
          ],
        },
      ],
      links: [
        {
          name: 'imaging_plane',
          target_type: 'ImagingPlane',
          doc: 'The imaging plane that was segmented.',
        },
      ],
    },
    {
      neurodata_type_def: 'ImagingPlane',
      neurodata_type_inc: 'NWBContainer',
      doc: 'An imaged plane or volume and its acquisition settings.',
      datasets: [
        {
          name: 'description',
          dtype: 'text',
          doc: 'Free-text description of the plane.',
          quantity: '?',
        },
        {
          name: 'excitation_lambda',
          dtype: 'float32',
          doc: 'Excitation wavelength in nm.',
        },
        {
          name: 'imaging_rate',
          dtype: 'float32',
          doc: 'Frame rate in Hz, when not stored on the series itself.',
          quantity: '?',
        },
        {
          name: 'indicator',
          dtype: 'text',
          doc: 'Fluorescent indicator used.',
        },
        {
          name: 'location',
          dtype: 'text',
          doc: 'Brain region imaged, preferably using atlas names.',
        },
        {
          name: 'manifold',
          dtype: 'float32',
          dims: [['height', 'width', 'x, y, z'], ['height', 'width', 'depth', 'x, y, z']],
          shape: [[null, null, 3], [null, null, null, 3]],
          doc: 'Deprecated: physical position of every pixel.',
          quantity: '?',
          attributes: [
            {
              name: 'conversion',
              dtype: 'float32',
              default_value: 1,
              doc: 'Multiplier that turns stored positions into the declared unit.',
              required: false,
            },
            {
              name: 'unit',
              dtype: 'text',
              default_value: 'meters',
              doc: 'Unit of the positions; meters by default.',
              required: false,
            },
          ],
        },
        {
          name: 'origin_coords',
          dtype: 'float32',
          dims: [['x, y'], ['x, y, z']],
          shape: [[2], [3]],
          doc: 'Physical position of the first pixel or voxel.',
          quantity: '?',
          attributes: [
            {
              name: 'unit',
              dtype: 'text',
              default_value: 'meters',
              doc: 'Unit of origin_coords; meters by default.',
            },
          ],
        },
        {
          name: 'grid_spacing',
          dtype: 'float32',
          dims: [['x, y'], ['x, y, z']],
          shape: [[2], [3]],
          doc: 'Physical spacing between neighbouring pixels or voxels.',
          quantity: '?',
          attributes: [
            {
              name: 'unit',
              dtype: 'text',
              default_value: 'meters',
              doc: 'Unit of grid_spacing; meters by default.',
            },
          ],
        },
        {
          name: 'reference_frame',
          dtype: 'text',
          doc: 'Coordinate frame that origin_coords and grid_spacing are expressed in.',
          quantity: '?',
        },
      ],
      groups: [
        {
          neurodata_type_inc: 'OpticalChannel',
          doc: 'An emission channel recorded in this plane.',
          quantity: '+',
        },
      ],
      links: [
        {
          name: 'device',
          target_type: 'Device',
          doc: 'Microscope used to image the plane.',
        },
      ],
    },
    {
      neurodata_type_def: 'OpticalChannel',
      neurodata_type_inc: 'NWBContainer',
      doc: 'An emission channel of a microscope.',
      datasets: [
        {
          name: 'description',
          dtype: 'text',
          doc: 'Description of the channel.',
        },
        {
          name: 'emission_lambda',
          dtype: 'float32',
          doc: 'Emission wavelength in nm.',
        },
      ],
    },
    {
      neurodata_type_def: 'MotionCorrection',
      neurodata_type_inc: 'NWBDataInterface',
      default_name: 'MotionCorrection',
      doc: 'Container of motion-corrected image stacks.',
      groups: [
        {
          neurodata_type_inc: 'CorrectedImageStack',
          doc: 'One corrected stack.',
          quantity: '+',
        },
      ],
    },
    {
      neurodata_type_def: 'CorrectedImageStack',
      neurodata_type_inc: 'NWBDataInterface',
      doc: 'An image stack after registration to a common coordinate frame.',
      groups: [
        {
          name: 'corrected',
          neurodata_type_inc: 'ImageSeries',
          doc: 'The registered frames.',
        },
        {
          name: 'xy_translation',
          neurodata_type_inc: 'TimeSeries',
          doc: 'Shift applied to each frame in x and y.',
        },
      ],
      links: [
        {
          name: 'original',
          target_type: 'ImageSeries',
          doc: 'The series before registration.',
        },
      ],
    },
  ],
};
