// Our own definition of the 'nwb.behavior' source of NWB core 2.9.0.
// Structure mirrors the official schema exactly (checked by test/nwb/spec-structure.test.ts);
// doc strings are written for this project. Keys use the schema language's snake_case names
// because these objects are written verbatim into the /specifications cache of NWB files.
// 8 type(s).

import type { SpecSource } from '../schema-types';

export const nwbBehavior: SpecSource = {
  name: 'nwb.behavior',
  groups: [
    {
      neurodata_type_def: 'SpatialSeries',
      neurodata_type_inc: 'TimeSeries',
      doc: 'Position or direction over time in a stated reference frame.',
      datasets: [
        {
          name: 'data',
          dtype: 'numeric',
          dims: [['num_times'], ['num_times', 'x'], ['num_times', 'x,y'], ['num_times', 'x,y,z']],
          shape: [[null], [null, 1], [null, 2], [null, 3]],
          doc: 'Coordinates per time point, one column per axis.',
          attributes: [
            {
              name: 'unit',
              dtype: 'text',
              default_value: 'meters',
              doc: 'Unit of the coordinates once conversion is applied; meters by default.',
              required: false,
            },
          ],
        },
        {
          name: 'reference_frame',
          dtype: 'text',
          doc: 'Definition of the origin and axes the coordinates are measured in.',
          quantity: '?',
        },
      ],
    },
    {
      neurodata_type_def: 'BehavioralEpochs',
      neurodata_type_inc: 'NWBDataInterface',
      default_name: 'BehavioralEpochs',
      doc: 'Container of IntervalSeries marking behavioral periods.',
      groups: [
        {
          neurodata_type_inc: 'IntervalSeries',
          doc: 'Series of behavioral interval starts and stops.',
          quantity: '+',
        },
      ],
    },
    {
      neurodata_type_def: 'BehavioralEvents',
      neurodata_type_inc: 'NWBDataInterface',
      default_name: 'BehavioralEvents',
      doc: 'Container of series marking behavioral events.',
      groups: [
        {
          neurodata_type_inc: 'TimeSeries',
          doc: 'Series of behavioral events.',
          quantity: '+',
        },
      ],
    },
    {
      neurodata_type_def: 'BehavioralTimeSeries',
      neurodata_type_inc: 'NWBDataInterface',
      default_name: 'BehavioralTimeSeries',
      doc: 'Container of series of continuous behavioral measures.',
      groups: [
        {
          neurodata_type_inc: 'TimeSeries',
          doc: 'Series of a continuous behavioral measure.',
          quantity: '+',
        },
      ],
    },
    {
      neurodata_type_def: 'PupilTracking',
      neurodata_type_inc: 'NWBDataInterface',
      default_name: 'PupilTracking',
      doc: 'Container of pupil size measurements.',
      groups: [
        {
          neurodata_type_inc: 'TimeSeries',
          doc: 'Series of pupil size.',
          quantity: '+',
        },
      ],
    },
    {
      neurodata_type_def: 'EyeTracking',
      neurodata_type_inc: 'NWBDataInterface',
      default_name: 'EyeTracking',
      doc: 'Container of gaze direction measurements.',
      groups: [
        {
          neurodata_type_inc: 'SpatialSeries',
          doc: 'Series of gaze direction.',
          quantity: '+',
        },
      ],
    },
    {
      neurodata_type_def: 'CompassDirection',
      neurodata_type_inc: 'NWBDataInterface',
      default_name: 'CompassDirection',
      doc: 'Container of heading measurements expressed as angles.',
      groups: [
        {
          neurodata_type_inc: 'SpatialSeries',
          doc: 'Series of heading angles.',
          quantity: '+',
        },
      ],
    },
    {
      neurodata_type_def: 'Position',
      neurodata_type_inc: 'NWBDataInterface',
      default_name: 'Position',
      doc: 'Container of position measurements in one to three dimensions.',
      groups: [
        {
          neurodata_type_inc: 'SpatialSeries',
          doc: 'Series of positions.',
          quantity: '+',
        },
      ],
    },
  ],
};
