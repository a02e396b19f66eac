// Our own definition of the 'nwb.misc' source of NWB core 2.9.0.
// Structure mirrors the official schema exactly (checked by test/nwb/spec-structure.test.ts);
// doc strings are written for this project. Keys use the schema language's snake_case names
// because these objects are written verbatim into the /specifications cache of NWB files.
// 6 type(s).

import type { SpecSource } from '../schema-types';

export const nwbMisc: SpecSource = {
  name: 'nwb.misc',
  groups: [
    {
      neurodata_type_def: 'AbstractFeatureSeries',
      neurodata_type_inc: 'TimeSeries',
      doc: 'Time series of abstract features, such as stimulus parameters, one column per feature.',
      datasets: [
        {
          name: 'data',
          dtype: 'numeric',
          dims: [['num_times'], ['num_times', 'num_features']],
          shape: [[null], [null, null]],
          doc: 'Value of each feature over time.',
          attributes: [
            {
              name: 'unit',
              dtype: 'text',
              default_value: 'see \'feature_units\'',
              doc: 'Placeholder; per-feature units live in feature_units.',
              required: false,
            },
          ],
        },
        {
          name: 'feature_units',
          dtype: 'text',
          dims: ['num_features'],
          shape: [null],
          doc: 'Unit of each feature.',
          quantity: '?',
        },
        {
          name: 'features',
          dtype: 'text',
          dims: ['num_features'],
          shape: [null],
          doc: 'Name or description of each feature.',
        },
      ],
    },
    {
      neurodata_type_def: 'AnnotationSeries',
      neurodata_type_inc: 'TimeSeries',
      doc: 'Timestamped text annotations.',
      datasets: [
        {
          name: 'data',
          dtype: 'text',
          dims: ['num_times'],
          shape: [null],
          doc: 'The annotation text.',
          attributes: [
            {
              name: 'resolution',
              dtype: 'float32',
              value: -1,
              doc: 'Not applicable to text; fixed to -1.',
            },
            {
              name: 'unit',
              dtype: 'text',
              value: 'n/a',
              doc: 'Not applicable to text; fixed to n/a.',
            },
          ],
        },
      ],
    },
    {
      neurodata_type_def: 'IntervalSeries',
      neurodata_type_inc: 'TimeSeries',
      doc: 'Interval starts and ends encoded as signed values at timestamps.',
      datasets: [
        {
          name: 'data',
          dtype: 'int8',
          dims: ['num_times'],
          shape: [null],
          doc: 'Positive where an interval begins, negative where one ends.',
          attributes: [
            {
              name: 'resolution',
              dtype: 'float32',
              value: -1,
              doc: 'Not applicable to interval markers; fixed to -1.',
            },
            {
              name: 'unit',
              dtype: 'text',
              value: 'n/a',
              doc: 'Not applicable to interval markers; fixed to n/a.',
            },
          ],
        },
      ],
    },
    {
      neurodata_type_def: 'FrequencyBandsTable',
      neurodata_type_inc: 'DynamicTable',
      doc: 'Table with one row per frequency band of a decomposition.',
      datasets: [
        {
          name: 'band_name',
          neurodata_type_inc: 'VectorData',
          dtype: 'text',
          doc: 'Label of the band.',
        },
        {
          name: 'band_limits',
          neurodata_type_inc: 'VectorData',
          dtype: 'float32',
          dims: ['num_bands', 'low, high'],
          shape: [null, 2],
          doc: 'Lower and upper band edges in Hz.',
        },
        {
          name: 'band_mean',
          neurodata_type_inc: 'VectorData',
          dtype: 'float32',
          dims: ['num_bands'],
          shape: [null],
          doc: 'Centre of a Gaussian band filter in Hz.',
          quantity: '?',
        },
        {
          name: 'band_stdev',
          neurodata_type_inc: 'VectorData',
          dtype: 'float32',
          dims: ['num_bands'],
          shape: [null],
          doc: 'Width (standard deviation) of a Gaussian band filter in Hz.',
          quantity: '?',
        },
      ],
    },
    {
      neurodata_type_def: 'DecompositionSeries',
      neurodata_type_inc: 'TimeSeries',
      doc: 'Spectral decomposition of a signal into frequency bands over time.',
      datasets: [
        {
          name: 'data',
          dtype: 'numeric',
          dims: ['num_times', 'num_channels', 'num_bands'],
          shape: [null, null, null],
          doc: 'Values per time point, channel and band.',
          attributes: [
            {
              name: 'unit',
              dtype: 'text',
              default_value: 'no unit',
              doc: 'Unit of the values once conversion is applied.',
            },
          ],
        },
        {
          name: 'metric',
          dtype: 'text',
          doc: 'Quantity reported, such as power, amplitude or phase.',
        },
        {
          name: 'source_channels',
          neurodata_type_inc: 'DynamicTableRegion',
          doc: 'Rows of the electrodes table the decomposition came from.',
          quantity: '?',
        },
      ],
      groups: [
        {
          name: 'bands',
          neurodata_type_inc: 'FrequencyBandsTable',
          doc: 'The frequency bands used.',
          quantity: '?',
        },
      ],
      links: [
        {
          name: 'source_timeseries',
          target_type: 'TimeSeries',
          doc: 'The series that was decomposed.',
          quantity: '?',
        },
      ],
    },
    {
      neurodata_type_def: 'Units',
      neurodata_type_inc: 'DynamicTable',
      default_name: 'Units',
      doc: 'Table of sorted units with their spike times and waveforms.',
      datasets: [
        {
          name: 'spike_times_index',
          neurodata_type_inc: 'VectorIndex',
          doc: 'Ragged-array index for spike_times.',
          quantity: '?',
        },
        {
          name: 'spike_times',
          neurodata_type_inc: 'VectorData',
          dtype: 'float64',
          doc: 'Spike times in seconds, concatenated across units.',
          quantity: '?',
          attributes: [
            {
              name: 'resolution',
              dtype: 'float64',
              doc: 'Precision of the spike times in seconds.',
              required: false,
            },
          ],
        },
        {
          name: 'obs_intervals_index',
          neurodata_type_inc: 'VectorIndex',
          doc: 'Ragged-array index for obs_intervals.',
          quantity: '?',
        },
        {
          name: 'obs_intervals',
          neurodata_type_inc: 'VectorData',
          dtype: 'float64',
          dims: ['num_intervals', 'start|end'],
          shape: [null, 2],
          doc: 'Start and end times over which each unit was observed.',
          quantity: '?',
        },
        {
          name: 'electrodes_index',
          neurodata_type_inc: 'VectorIndex',
          doc: 'Ragged-array index for electrodes.',
          quantity: '?',
        },
        {
          name: 'electrodes',
          neurodata_type_inc: 'DynamicTableRegion',
          doc: 'Rows of the electrodes table each unit was recorded on.',
          quantity: '?',
        },
        {
          name: 'electrode_group',
          neurodata_type_inc: 'VectorData',
          dtype: { target_type: 'ElectrodeGroup', reftype: 'object' },
          doc: 'Electrode group each unit was recorded on.',
          quantity: '?',
        },
        {
          name: 'waveform_mean',
          neurodata_type_inc: 'VectorData',
          dtype: 'float32',
          dims: [['num_units', 'num_samples'], ['num_units', 'num_samples', 'num_electrodes']],
          shape: [[null, null], [null, null, null]],
          doc: 'Average spike waveform of each unit.',
          quantity: '?',
          attributes: [
            {
              name: 'sampling_rate',
              dtype: 'float32',
              doc: 'Sampling rate of the waveform in Hz.',
              required: false,
            },
            {
              name: 'unit',
              dtype: 'text',
              value: 'volts',
              doc: 'Waveform unit; always volts.',
              required: false,
            },
          ],
        },
        {
          name: 'waveform_sd',
          neurodata_type_inc: 'VectorData',
          dtype: 'float32',
          dims: [['num_units', 'num_samples'], ['num_units', 'num_samples', 'num_electrodes']],
          shape: [[null, null], [null, null, null]],
          doc: 'Standard deviation of each unit\'s spike waveform.',
          quantity: '?',
          attributes: [
            {
              name: 'sampling_rate',
              dtype: 'float32',
              doc: 'Sampling rate of the waveform in Hz.',
              required: false,
            },
            {
              name: 'unit',
              dtype: 'text',
              value: 'volts',
              doc: 'Waveform unit; always volts.',
              required: false,
            },
          ],
        },
        {
          name: 'waveforms',
          neurodata_type_inc: 'VectorData',
          dtype: 'numeric',
          dims: ['num_waveforms', 'num_samples'],
          shape: [null, null],
          doc: 'Individual spike waveforms per electrode, indexed twice: into spikes, then into units.',
          quantity: '?',
          attributes: [
            {
              name: 'sampling_rate',
              dtype: 'float32',
              doc: 'Sampling rate of the waveforms in Hz.',
              required: false,
            },
            {
              name: 'unit',
              dtype: 'text',
              value: 'volts',
              doc: 'Waveform unit; always volts.',
              required: false,
            },
          ],
        },
        {
          name: 'waveforms_index',
          neurodata_type_inc: 'VectorIndex',
          doc: 'Index grouping waveform rows into spikes.',
          quantity: '?',
        },
        {
          name: 'waveforms_index_index',
          neurodata_type_inc: 'VectorIndex',
          doc: 'Index grouping spikes into units.',
          quantity: '?',
        },
      ],
    },
  ],
};
