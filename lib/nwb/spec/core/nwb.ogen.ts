// Our own definition of the 'nwb.ogen' source of NWB core 2.9.0.
// Structure mirrors the official schema exactly (checked by test/nwb/spec-structure.test.ts);
// doc strings are written for this project. Keys use the schema language's snake_case names
// because these objects are written verbatim into the /specifications cache of NWB files.
// 2 type(s).

import type { SpecSource } from '../schema-types';

export const nwbOgen: SpecSource = {
  name: 'nwb.ogen',
  groups: [
    {
      neurodata_type_def: 'OptogeneticSeries',
      neurodata_type_inc: 'TimeSeries',
      doc: 'Light power delivered for optogenetic stimulation over time.',
      datasets: [
        {
          name: 'data',
          dtype: 'numeric',
          dims: [['num_times'], ['num_times', 'num_rois']],
          shape: [[null], [null, null]],
          doc: 'Power in watts, optionally per channel or site.',
          attributes: [
            {
              name: 'unit',
              dtype: 'text',
              value: 'watts',
              doc: 'Power unit; always watts.',
            },
          ],
        },
      ],
      links: [
        {
          name: 'site',
          target_type: 'OptogeneticStimulusSite',
          doc: 'Stimulation site the light was delivered to.',
        },
      ],
    },
    {
      neurodata_type_def: 'OptogeneticStimulusSite',
      neurodata_type_inc: 'NWBContainer',
      doc: 'Where and how optogenetic light was delivered.',
      datasets: [
        {
          name: 'description',
          dtype: 'text',
          doc: 'Description of the site.',
        },
        {
          name: 'excitation_lambda',
          dtype: 'float32',
          doc: 'Excitation wavelength in nm.',
        },
        {
          name: 'location',
          dtype: 'text',
          doc: 'Brain region of the site, preferably using atlas names.',
        },
      ],
      links: [
        {
          name: 'device',
          target_type: 'Device',
          doc: 'Light source used.',
        },
      ],
    },
  ],
};
