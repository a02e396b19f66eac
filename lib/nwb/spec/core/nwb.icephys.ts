// Our own definition of the 'nwb.icephys' source of NWB core 2.9.0.
// Structure mirrors the official schema exactly (checked by test/nwb/spec-structure.test.ts);
// doc strings are written for this project. Keys use the schema language's snake_case names
// because these objects are written verbatim into the /specifications cache of NWB files.
// 16 type(s).

import type { SpecSource } from '../schema-types';

export const nwbIcephys: SpecSource = {
  name: 'nwb.icephys',
  groups: [
    {
      neurodata_type_def: 'PatchClampSeries',
      neurodata_type_inc: 'TimeSeries',
      doc: 'Abstract parent of patch-clamp stimulus and response series.',
      attributes: [
        {
          name: 'stimulus_description',
          dtype: 'text',
          doc: 'Name of the stimulus protocol.',
        },
        {
          name: 'sweep_number',
          dtype: 'uint32',
          doc: 'Sweep this series belongs to.',
          required: false,
        },
      ],
      datasets: [
        {
          name: 'data',
          dtype: 'numeric',
          dims: ['num_times'],
          shape: [null],
          doc: 'Current or voltage samples.',
          attributes: [
            {
              name: 'unit',
              dtype: 'text',
              doc: 'Unit of the samples once conversion is applied.',
            },
          ],
        },
        {
          name: 'gain',
          dtype: 'float32',
          doc: 'Amplifier gain: V/A in voltage clamp, V/V in current clamp.',
          quantity: '?',
        },
      ],
      links: [
        {
          name: 'electrode',
          target_type: 'IntracellularElectrode',
          doc: 'Electrode used for this series.',
        },
      ],
    },
    {
      neurodata_type_def: 'CurrentClampSeries',
      neurodata_type_inc: 'PatchClampSeries',
      doc: 'Membrane voltage recorded in current clamp.',
      datasets: [
        {
          name: 'data',
          doc: 'Voltage samples.',
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
          name: 'bias_current',
          dtype: 'float32',
          doc: 'Bias current in amperes.',
          quantity: '?',
        },
        {
          name: 'bridge_balance',
          dtype: 'float32',
          doc: 'Bridge balance in ohms.',
          quantity: '?',
        },
        {
          name: 'capacitance_compensation',
          dtype: 'float32',
          doc: 'Capacitance compensation in farads.',
          quantity: '?',
        },
      ],
    },
    {
      neurodata_type_def: 'IZeroClampSeries',
      neurodata_type_inc: 'CurrentClampSeries',
      doc: 'Voltage recorded with no injected current and amplifier compensation switched off.',
      attributes: [
        {
          name: 'stimulus_description',
          dtype: 'text',
          doc: 'Always N/A, since no stimulus is applied.',
          value: 'N/A',
        },
      ],
      datasets: [
        {
          name: 'bias_current',
          dtype: 'float32',
          value: 0,
          doc: 'Always zero for this type.',
        },
        {
          name: 'bridge_balance',
          dtype: 'float32',
          value: 0,
          doc: 'Always zero for this type.',
        },
        {
          name: 'capacitance_compensation',
          dtype: 'float32',
          value: 0,
          doc: 'Always zero for this type.',
        },
      ],
    },
    {
      neurodata_type_def: 'CurrentClampStimulusSeries',
      neurodata_type_inc: 'PatchClampSeries',
      doc: 'Current injected during current clamp.',
      datasets: [
        {
          name: 'data',
          doc: 'Injected current samples.',
          attributes: [
            {
              name: 'unit',
              dtype: 'text',
              value: 'amperes',
              doc: 'Current unit; always amperes.',
            },
          ],
        },
      ],
    },
    {
      neurodata_type_def: 'VoltageClampSeries',
      neurodata_type_inc: 'PatchClampSeries',
      doc: 'Membrane current recorded in voltage clamp.',
      datasets: [
        {
          name: 'data',
          doc: 'Current samples.',
          attributes: [
            {
              name: 'unit',
              dtype: 'text',
              value: 'amperes',
              doc: 'Current unit; always amperes.',
            },
          ],
        },
        {
          name: 'capacitance_fast',
          dtype: 'float32',
          doc: 'Fast capacitance compensation in farads.',
          quantity: '?',
          attributes: [
            {
              name: 'unit',
              dtype: 'text',
              value: 'farads',
              doc: 'Always farads.',
            },
          ],
        },
        {
          name: 'capacitance_slow',
          dtype: 'float32',
          doc: 'Slow capacitance compensation in farads.',
          quantity: '?',
          attributes: [
            {
              name: 'unit',
              dtype: 'text',
              value: 'farads',
              doc: 'Always farads.',
            },
          ],
        },
        {
          name: 'resistance_comp_bandwidth',
          dtype: 'float32',
          doc: 'Series-resistance compensation bandwidth in Hz.',
          quantity: '?',
          attributes: [
            {
              name: 'unit',
              dtype: 'text',
              value: 'hertz',
              doc: 'Always hertz.',
            },
          ],
        },
        {
          name: 'resistance_comp_correction',
          dtype: 'float32',
          doc: 'Series-resistance compensation correction in percent.',
          quantity: '?',
          attributes: [
            {
              name: 'unit',
              dtype: 'text',
              value: 'percent',
              doc: 'Always percent.',
            },
          ],
        },
        {
          name: 'resistance_comp_prediction',
          dtype: 'float32',
          doc: 'Series-resistance compensation prediction in percent.',
          quantity: '?',
          attributes: [
            {
              name: 'unit',
              dtype: 'text',
              value: 'percent',
              doc: 'Always percent.',
            },
          ],
        },
        {
          name: 'whole_cell_capacitance_comp',
          dtype: 'float32',
          doc: 'Whole-cell capacitance compensation in farads.',
          quantity: '?',
          attributes: [
            {
              name: 'unit',
              dtype: 'text',
              value: 'farads',
              doc: 'Always farads.',
            },
          ],
        },
        {
          name: 'whole_cell_series_resistance_comp',
          dtype: 'float32',
          doc: 'Whole-cell series-resistance compensation in ohms.',
          quantity: '?',
          attributes: [
            {
              name: 'unit',
              dtype: 'text',
              value: 'ohms',
              doc: 'Always ohms.',
            },
          ],
        },
      ],
    },
    {
      neurodata_type_def: 'VoltageClampStimulusSeries',
      neurodata_type_inc: 'PatchClampSeries',
      doc: 'Command voltage applied during voltage clamp.',
      datasets: [
        {
          name: 'data',
          doc: 'Command voltage samples.',
          attributes: [
            {
              name: 'unit',
              dtype: 'text',
              value: 'volts',
              doc: 'Voltage unit; always volts.',
            },
          ],
        },
      ],
    },
    {
      neurodata_type_def: 'IntracellularElectrode',
      neurodata_type_inc: 'NWBContainer',
      doc: 'An intracellular electrode and its properties.',
      datasets: [
        {
          name: 'cell_id',
          dtype: 'text',
          doc: 'Identifier of the recorded cell.',
          quantity: '?',
        },
        {
          name: 'description',
          dtype: 'text',
          doc: 'Kind of electrode, such as whole-cell or sharp.',
        },
        {
          name: 'filtering',
          dtype: 'text',
          doc: 'Filtering used with this electrode.',
          quantity: '?',
        },
        {
          name: 'initial_access_resistance',
          dtype: 'text',
          doc: 'Access resistance at the start of recording.',
          quantity: '?',
        },
        {
          name: 'location',
          dtype: 'text',
          doc: 'Brain region of the electrode, preferably using atlas names.',
          quantity: '?',
        },
        {
          name: 'resistance',
          dtype: 'text',
          doc: 'Electrode resistance in ohms.',
          quantity: '?',
        },
        {
          name: 'seal',
          dtype: 'text',
          doc: 'Details of the seal.',
          quantity: '?',
        },
        {
          name: 'slice',
          dtype: 'text',
          doc: 'Details of the slice.',
          quantity: '?',
        },
      ],
      links: [
        {
          name: 'device',
          target_type: 'Device',
          doc: 'Amplifier or other device used with the electrode.',
        },
      ],
    },
    {
      neurodata_type_def: 'SweepTable',
      neurodata_type_inc: 'DynamicTable',
      doc: 'Deprecated table assigning patch-clamp series to sweeps.',
      datasets: [
        {
          name: 'sweep_number',
          neurodata_type_inc: 'VectorData',
          dtype: 'uint32',
          doc: 'Sweep number of each row.',
        },
        {
          name: 'series',
          neurodata_type_inc: 'VectorData',
          dtype: { target_type: 'PatchClampSeries', reftype: 'object' },
          doc: 'Patch-clamp series in each row.',
        },
        {
          name: 'series_index',
          neurodata_type_inc: 'VectorIndex',
          doc: 'Ragged-array index for series.',
        },
      ],
    },
    {
      neurodata_type_def: 'IntracellularElectrodesTable',
      neurodata_type_inc: 'DynamicTable',
      doc: 'Sub-table of electrode columns for intracellular recordings.',
      attributes: [
        {
          name: 'description',
          dtype: 'text',
          value: 'Table for storing intracellular electrode related metadata.',
          doc: 'What the table holds; the value is fixed.',
        },
      ],
      datasets: [
        {
          name: 'electrode',
          neurodata_type_inc: 'VectorData',
          dtype: { target_type: 'IntracellularElectrode', reftype: 'object' },
          doc: 'Electrode used in each recording.',
        },
      ],
    },
    {
      neurodata_type_def: 'IntracellularStimuliTable',
      neurodata_type_inc: 'DynamicTable',
      doc: 'Sub-table of stimulus columns for intracellular recordings.',
      attributes: [
        {
          name: 'description',
          dtype: 'text',
          value: 'Table for storing intracellular stimulus related metadata.',
          doc: 'What the table holds; the value is fixed.',
        },
      ],
      datasets: [
        {
          name: 'stimulus',
          neurodata_type_inc: 'TimeSeriesReferenceVectorData',
          doc: 'Slice of the delivered stimulus series for each recording.',
        },
        {
          name: 'stimulus_template',
          neurodata_type_inc: 'TimeSeriesReferenceVectorData',
          doc: 'Slice of the stimulus template series for each recording.',
          quantity: '?',
        },
      ],
    },
    {
      neurodata_type_def: 'IntracellularResponsesTable',
      neurodata_type_inc: 'DynamicTable',
      doc: 'Sub-table of response columns for intracellular recordings.',
      attributes: [
        {
          name: 'description',
          dtype: 'text',
          value: 'Table for storing intracellular response related metadata.',
          doc: 'What the table holds; the value is fixed.',
        },
      ],
      datasets: [
        {
          name: 'response',
          neurodata_type_inc: 'TimeSeriesReferenceVectorData',
          doc: 'Slice of the recorded response series for each recording.',
        },
      ],
    },
    {
      neurodata_type_def: 'IntracellularRecordingsTable',
      neurodata_type_inc: 'AlignedDynamicTable',
      name: 'intracellular_recordings',
      doc: 'Table with one row per stimulus and response pair on a single electrode.',
      attributes: [
        {
          name: 'description',
          dtype: 'text',
          value: 'A table to group together a stimulus and response from a single electrode and a single simultaneous recording and for storing metadata about the intracellular recording.',
          doc: 'What the table holds; the value is fixed.',
        },
      ],
      groups: [
        {
          name: 'electrodes',
          neurodata_type_inc: 'IntracellularElectrodesTable',
          doc: 'Electrode columns.',
        },
        {
          name: 'stimuli',
          neurodata_type_inc: 'IntracellularStimuliTable',
          doc: 'Stimulus columns.',
        },
        {
          name: 'responses',
          neurodata_type_inc: 'IntracellularResponsesTable',
          doc: 'Response columns.',
        },
      ],
    },
    {
      neurodata_type_def: 'SimultaneousRecordingsTable',
      neurodata_type_inc: 'DynamicTable',
      name: 'simultaneous_recordings',
      doc: 'Table grouping intracellular recordings made at the same time on different electrodes.',
      datasets: [
        {
          name: 'recordings',
          neurodata_type_inc: 'DynamicTableRegion',
          doc: 'Rows of the intracellular recordings table in each group.',
          attributes: [
            {
              name: 'table',
              dtype: { target_type: 'IntracellularRecordingsTable', reftype: 'object' },
              doc: 'The intracellular recordings table the rows refer to.',
            },
          ],
        },
        {
          name: 'recordings_index',
          neurodata_type_inc: 'VectorIndex',
          doc: 'Ragged-array index for recordings.',
        },
      ],
    },
    {
      neurodata_type_def: 'SequentialRecordingsTable',
      neurodata_type_inc: 'DynamicTable',
      name: 'sequential_recordings',
      doc: 'Table grouping simultaneous recordings made one after another, typically with one stimulus type.',
      datasets: [
        {
          name: 'simultaneous_recordings',
          neurodata_type_inc: 'DynamicTableRegion',
          doc: 'Rows of the simultaneous recordings table in each group.',
          attributes: [
            {
              name: 'table',
              dtype: { target_type: 'SimultaneousRecordingsTable', reftype: 'object' },
              doc: 'The simultaneous recordings table the rows refer to.',
            },
          ],
        },
        {
          name: 'simultaneous_recordings_index',
          neurodata_type_inc: 'VectorIndex',
          doc: 'Ragged-array index for simultaneous_recordings.',
        },
        {
          name: 'stimulus_type',
          neurodata_type_inc: 'VectorData',
          dtype: 'text',
          doc: 'Kind of stimulus used.',
        },
      ],
    },
    {
      neurodata_type_def: 'RepetitionsTable',
      neurodata_type_inc: 'DynamicTable',
      name: 'repetitions',
      doc: 'Table grouping sequential recordings that repeat a protocol.',
      datasets: [
        {
          name: 'sequential_recordings',
          neurodata_type_inc: 'DynamicTableRegion',
          doc: 'Rows of the sequential recordings table in each group.',
          attributes: [
            {
              name: 'table',
              dtype: { target_type: 'SequentialRecordingsTable', reftype: 'object' },
              doc: 'The sequential recordings table the rows refer to.',
            },
          ],
        },
        {
          name: 'sequential_recordings_index',
          neurodata_type_inc: 'VectorIndex',
          doc: 'Ragged-array index for sequential_recordings.',
        },
      ],
    },
    {
      neurodata_type_def: 'ExperimentalConditionsTable',
      neurodata_type_inc: 'DynamicTable',
      name: 'experimental_conditions',
      doc: 'Table grouping repetitions that share an experimental condition.',
      datasets: [
        {
          name: 'repetitions',
          neurodata_type_inc: 'DynamicTableRegion',
          doc: 'Rows of the repetitions table in each group.',
          attributes: [
            {
              name: 'table',
              dtype: { target_type: 'RepetitionsTable', reftype: 'object' },
              doc: 'The repetitions table the rows refer to.',
            },
          ],
        },
        {
          name: 'repetitions_index',
          neurodata_type_inc: 'VectorIndex',
          doc: 'Ragged-array index for repetitions.',
        },
      ],
    },
  ],
};
