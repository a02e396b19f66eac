// Our own definition of the 'nwb.epoch' source of NWB core 2.9.0.
// Structure mirrors the official schema exactly (checked by test/nwb/spec-structure.test.ts);
// doc strings are written for this project. Keys use the schema language's snake_case names
// because these objects are written verbatim into the /specifications cache of NWB files.
// 1 type(s).

import type { SpecSource } from '../schema-types';

export const nwbEpoch: SpecSource = {
  name: 'nwb.epoch',
  groups: [
    {
      neurodata_type_def: 'TimeIntervals',
      neurodata_type_inc: 'DynamicTable',
      doc: 'Table of time intervals, such as trials or epochs, with optional pointers into the affected TimeSeries.',
      datasets: [
        {
          name: 'start_time',
          neurodata_type_inc: 'VectorData',
          dtype: 'float32',
          doc: 'Interval start in seconds.',
        },
        {
          name: 'stop_time',
          neurodata_type_inc: 'VectorData',
          dtype: 'float32',
          doc: 'Interval end in seconds.',
        },
        {
          name: 'tags',
          neurodata_type_inc: 'VectorData',
          dtype: 'text',
          doc: 'Free-form labels attached to each interval.',
          quantity: '?',
        },
        {
          name: 'tags_index',
          neurodata_type_inc: 'VectorIndex',
          doc: 'Ragged-array index for the tags column.',
          quantity: '?',
        },
        {
          name: 'timeseries',
          neurodata_type_inc: 'TimeSeriesReferenceVectorData',
          doc: 'Slices of TimeSeries that each interval covers.',
          quantity: '?',
        },
        {
          name: 'timeseries_index',
          neurodata_type_inc: 'VectorIndex',
          doc: 'Ragged-array index for the timeseries column.',
          quantity: '?',
        },
      ],
    },
  ],
};
