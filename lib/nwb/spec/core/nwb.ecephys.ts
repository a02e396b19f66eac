// Our own definition of the 'nwb.ecephys' source of NWB core 2.9.0.
// Structure mirrors the official schema exactly (checked by test/nwb/spec-structure.test.ts);
// doc strings are written for this project. Keys use the schema language's snake_case names
// because these objects are written verbatim into the /specifications cache of NWB files.
// 11 type(s).

import type { SpecSource } from '../schema-types';

export const nwbEcephys: SpecSource = {
  name: 'nwb.ecephys',
  groups: [
    {
      neurodata_type_def: 'ElectricalSeries',
      neurodata_type_inc: 'TimeSeries',
      doc: 'Extracellular voltage recorded over time from a set of electrodes.',
      attributes: [
        {
          name: 'filtering',
          dtype: 'text',
          doc: 'Filtering applied to the data, such as band-pass settings.',
          required: false,
        },
      ],
      datasets: [
        {
          name: 'data',
          dtype: 'numeric',
          dims: [['num_times'], ['num_times', 'num_channels'], ['num_times', 'num_channels', 'num_samples']],
          shape: [[null], [null, null], [null, null, null]],
          doc: 'Voltage samples, time by channel.',
          attributes: [
            {
              name: 'unit',
              dtype: 'text',
              value: 'volts',
              doc: 'Voltage unit; always volts.',
            },
          ],
        },
        {
          name: 'electrodes',
          neurodata_type_inc: 'DynamicTableRegion',
          doc: 'Rows of the electrodes table that the channels correspond to.',
        },
        {
          name: 'channel_conversion',
          dtype: 'float32',
          dims: ['num_channels'],
          shape: [null],
          doc: 'Per-channel scale factor applied along the channel axis on top of the global conversion.',
          quantity: '?',
          attributes: [
            {
              name: 'axis',
              dtype: 'int32',
              value: 1,
              doc: 'Axis of data that channel_conversion applies along; always 1.',
            },
          ],
        },
      ],
    },
    {
      neurodata_type_def: 'SpikeEventSeries',
      neurodata_type_inc: 'ElectricalSeries',
      doc: 'Short voltage snippets around detected spikes.',
      datasets: [
        {
          name: 'data',
          dtype: 'numeric',
          dims: [['num_events', 'num_samples'], ['num_events', 'num_channels', 'num_samples']],
          shape: [[null, null], [null, null, null]],
          doc: 'Snippet samples per event, optionally per channel.',
          attributes: [
            {
              name: 'unit',
              dtype: 'text',
              value: 'volts',
              doc: 'Voltage unit; always volts.',
            },
          ],
        },
        {
          name: 'timestamps',
          dtype: 'float64',
          dims: ['num_times'],
          shape: [null],
          doc: 'Time of each event in seconds; mandatory for this type.',
          quantity: 1,
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
      ],
    },
    {
      neurodata_type_def: 'FeatureExtraction',
      neurodata_type_inc: 'NWBDataInterface',
      default_name: 'FeatureExtraction',
      doc: 'Features, such as principal components, computed from spike events.',
      datasets: [
        {
          name: 'description',
          dtype: 'text',
          dims: ['num_features'],
          shape: [null],
          doc: 'Name of each feature.',
        },
        {
          name: 'features',
          dtype: 'float32',
          dims: ['num_events', 'num_channels', 'num_features'],
          shape: [null, null, null],
          doc: 'Feature values per event, channel and feature.',
        },
        {
          name: 'times',
          dtype: 'float64',
          dims: ['num_events'],
          shape: [null],
          doc: 'Time of each event.',
        },
        {
          name: 'electrodes',
          neurodata_type_inc: 'DynamicTableRegion',
          doc: 'Rows of the electrodes table the features came from.',
        },
      ],
    },
    {
      neurodata_type_def: 'EventDetection',
      neurodata_type_inc: 'NWBDataInterface',
      default_name: 'EventDetection',
      doc: 'How spike events were detected in a voltage trace.',
      datasets: [
        {
          name: 'detection_method',
          dtype: 'text',
          doc: 'Detection method and its thresholds.',
        },
        {
          name: 'source_idx',
          dtype: 'int32',
          dims: [['num_events'], ['num_events', 'time_index, channel_index']],
          shape: [[null], [null, 2]],
          doc: 'Indices into the source series data marking each event.',
        },
        {
          name: 'times',
          dtype: 'float64',
          dims: ['num_events'],
          shape: [null],
          doc: 'Deprecated: event times in seconds.',
          attributes: [
            {
              name: 'unit',
              dtype: 'text',
              value: 'seconds',
              doc: 'Time unit; always seconds.',
            },
          ],
          quantity: '?',
        },
      ],
      links: [
        {
          name: 'source_electricalseries',
          target_type: 'ElectricalSeries',
          doc: 'The series the events were detected in.',
        },
      ],
    },
    {
      neurodata_type_def: 'EventWaveform',
      neurodata_type_inc: 'NWBDataInterface',
      default_name: 'EventWaveform',
      doc: 'Deprecated container of spike snippet series.',
      groups: [
        {
          neurodata_type_inc: 'SpikeEventSeries',
          doc: 'Series of spike snippets.',
          quantity: '+',
        },
      ],
    },
    {
      neurodata_type_def: 'FilteredEphys',
      neurodata_type_inc: 'NWBDataInterface',
      default_name: 'FilteredEphys',
      doc: 'Container of filtered voltage series, such as theta or gamma bands.',
      groups: [
        {
          neurodata_type_inc: 'ElectricalSeries',
          doc: 'Series of filtered voltage.',
          quantity: '+',
        },
      ],
    },
    {
      neurodata_type_def: 'LFP',
      neurodata_type_inc: 'NWBDataInterface',
      default_name: 'LFP',
      doc: 'Container of local field potential series.',
      groups: [
        {
          neurodata_type_inc: 'ElectricalSeries',
          doc: 'Series of local field potential.',
          quantity: '+',
        },
      ],
    },
    {
      neurodata_type_def: 'ElectrodeGroup',
      neurodata_type_inc: 'NWBContainer',
      doc: 'Electrodes that belong together physically, such as one shank.',
      attributes: [
        {
          name: 'description',
          dtype: 'text',
          doc: 'What this group of electrodes is.',
        },
        {
          name: 'location',
          dtype: 'text',
          doc: 'Brain region of the group, preferably using atlas names.',
        },
      ],
      datasets: [
        {
          name: 'position',
          dtype: [
            { name: 'x', dtype: 'float32', doc: 'Coordinate along x.' },
            { name: 'y', dtype: 'float32', doc: 'Coordinate along y.' },
            { name: 'z', dtype: 'float32', doc: 'Coordinate along z.' },
          ],
          doc: 'Coordinates of the group in a stereotaxic or atlas frame.',
          quantity: '?',
        },
      ],
      links: [
        {
          name: 'device',
          target_type: 'Device',
          doc: 'Device the group belongs to.',
        },
      ],
    },
    {
      neurodata_type_def: 'ElectrodesTable',
      neurodata_type_inc: 'DynamicTable',
      doc: 'Table of recording channels with their location and group.',
      datasets: [
        {
          name: 'location',
          neurodata_type_inc: 'VectorData',
          dtype: 'text',
          doc: 'Brain region of the channel, preferably using atlas names.',
        },
        {
          name: 'group',
          neurodata_type_inc: 'VectorData',
          dtype: { target_type: 'ElectrodeGroup', reftype: 'object' },
          doc: 'ElectrodeGroup the channel belongs to.',
        },
        {
          name: 'group_name',
          neurodata_type_inc: 'VectorData',
          dtype: 'text',
          doc: 'Name of that ElectrodeGroup.',
          quantity: '?',
        },
        {
          name: 'x',
          neurodata_type_inc: 'VectorData',
          dtype: 'float32',
          doc: 'Channel position along x in the brain (positive is posterior).',
          quantity: '?',
        },
        {
          name: 'y',
          neurodata_type_inc: 'VectorData',
          dtype: 'float32',
          doc: 'Channel position along y in the brain (positive is inferior).',
          quantity: '?',
        },
        {
          name: 'z',
          neurodata_type_inc: 'VectorData',
          dtype: 'float32',
          doc: 'Channel position along z in the brain (positive is right).',
          quantity: '?',
        },
        {
          name: 'imp',
          neurodata_type_inc: 'VectorData',
          dtype: 'float32',
          doc: 'Channel impedance in ohms.',
          quantity: '?',
        },
        {
          name: 'filtering',
          neurodata_type_inc: 'VectorData',
          dtype: 'text',
          doc: 'Hardware filter applied to the channel.',
          quantity: '?',
        },
        {
          name: 'rel_x',
          neurodata_type_inc: 'VectorData',
          dtype: 'float32',
          doc: 'Channel position along x within its group.',
          quantity: '?',
        },
        {
          name: 'rel_y',
          neurodata_type_inc: 'VectorData',
          dtype: 'float32',
          doc: 'Channel position along y within its group.',
          quantity: '?',
        },
        {
          name: 'rel_z',
          neurodata_type_inc: 'VectorData',
          dtype: 'float32',
          doc: 'Channel position along z within its group.',
          quantity: '?',
        },
        {
          name: 'reference',
          neurodata_type_inc: 'VectorData',
          dtype: 'text',
          doc: 'Reference electrode or referencing scheme of the channel.',
          quantity: '?',
        },
      ],
    },
    {
      neurodata_type_def: 'ClusterWaveforms',
      neurodata_type_inc: 'NWBDataInterface',
      default_name: 'ClusterWaveforms',
      doc: 'Deprecated: per-cluster mean and spread of spike waveforms.',
      datasets: [
        {
          name: 'waveform_filtering',
          dtype: 'text',
          doc: 'Filtering applied before averaging.',
        },
        {
          name: 'waveform_mean',
          dtype: 'float32',
          dims: ['num_clusters', 'num_samples'],
          shape: [null, null],
          doc: 'Mean waveform of each cluster.',
        },
        {
          name: 'waveform_sd',
          dtype: 'float32',
          dims: ['num_clusters', 'num_samples'],
          shape: [null, null],
          doc: 'Standard deviation of the waveform of each cluster.',
        },
      ],
      links: [
        {
          name: 'clustering_interface',
          target_type: 'Clustering',
          doc: 'The Clustering these waveforms summarise.',
        },
      ],
    },
    {
      neurodata_type_def: 'Clustering',
      neurodata_type_inc: 'NWBDataInterface',
      default_name: 'Clustering',
      doc: 'Deprecated: cluster assignments of spike events.',
      datasets: [
        {
          name: 'description',
          dtype: 'text',
          doc: 'How the clusters were made and what they mean.',
        },
        {
          name: 'num',
          dtype: 'int32',
          dims: ['num_events'],
          shape: [null],
          doc: 'Cluster of each event.',
        },
        {
          name: 'peak_over_rms',
          dtype: 'float32',
          dims: ['num_clusters'],
          shape: [null],
          doc: 'Peak-to-RMS ratio of each cluster, a simple quality measure.',
        },
        {
          name: 'times',
          dtype: 'float64',
          dims: ['num_events'],
          shape: [null],
          doc: 'Time of each clustered event in seconds.',
        },
      ],
    },
  ],
};
