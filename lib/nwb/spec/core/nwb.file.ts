// Our own definition of the 'nwb.file' source of NWB core 2.9.0.
// Structure mirrors the official schema exactly (checked by test/nwb/spec-structure.test.ts);
// doc strings are written for this project. Keys use the schema language's snake_case names
// because these objects are written verbatim into the /specifications cache of NWB files.
// 4 type(s).

import type { SpecSource } from '../schema-types';

export const nwbFile: SpecSource = {
  name: 'nwb.file',
  groups: [
    {
      neurodata_type_def: 'NWBFile',
      neurodata_type_inc: 'NWBContainer',
      name: 'root',
      doc: 'The root group of an NWB file, holding one recording session.',
      attributes: [
        {
          name: 'nwb_version',
          dtype: 'text',
          value: '2.9.0',
          doc: 'Version of the NWB format the file follows.',
        },
      ],
      datasets: [
        {
          name: 'file_create_date',
          dtype: 'isodatetime',
          dims: ['num_modifications'],
          shape: [null],
          doc: 'Creation time of the file plus any later modification times, as ISO 8601 strings.',
        },
        {
          name: 'identifier',
          dtype: 'text',
          doc: 'Globally unique identifier for this file.',
        },
        {
          name: 'session_description',
          dtype: 'text',
          doc: 'Short summary of the session and its data.',
        },
        {
          name: 'session_start_time',
          dtype: 'isodatetime',
          doc: 'When the session began, as an ISO 8601 date-time.',
        },
        {
          name: 'timestamps_reference_time',
          dtype: 'isodatetime',
          doc: 'Date-time that all timestamps in the file count from.',
        },
      ],
      groups: [
        {
          name: 'acquisition',
          doc: 'Raw data as recorded, before any processing.',
          groups: [
            {
              neurodata_type_inc: 'NWBDataInterface',
              doc: 'Acquired data interfaces.',
              quantity: '*',
            },
            {
              neurodata_type_inc: 'DynamicTable',
              doc: 'Acquired tabular data.',
              quantity: '*',
            },
          ],
        },
        {
          name: 'analysis',
          doc: 'Free-form analysis results whose layout is up to the lab.',
          groups: [
            {
              neurodata_type_inc: 'NWBContainer',
              doc: 'Analysis results as containers.',
              quantity: '*',
            },
            {
              neurodata_type_inc: 'DynamicTable',
              doc: 'Analysis results as tables.',
              quantity: '*',
            },
          ],
        },
        {
          name: 'scratch',
          doc: 'Temporary, unshared results with no guarantee of readability.',
          quantity: '?',
          groups: [
            {
              neurodata_type_inc: 'NWBContainer',
              doc: 'Temporary containers.',
              quantity: '*',
            },
            {
              neurodata_type_inc: 'DynamicTable',
              doc: 'Temporary tables.',
              quantity: '*',
            },
          ],
          datasets: [
            {
              neurodata_type_inc: 'ScratchData',
              doc: 'Temporary datasets.',
              quantity: '*',
            },
          ],
        },
        {
          name: 'processing',
          doc: 'Processing modules holding intermediate results.',
          groups: [
            {
              neurodata_type_inc: 'ProcessingModule',
              doc: 'One processing module.',
              quantity: '*',
            },
          ],
        },
        {
          name: 'stimulus',
          doc: 'Stimuli delivered to the subject and their templates.',
          groups: [
            {
              name: 'presentation',
              doc: 'Stimuli as actually delivered.',
              groups: [
                {
                  neurodata_type_inc: 'TimeSeries',
                  doc: 'Series holding delivered stimulus data.',
                  quantity: '*',
                },
                {
                  neurodata_type_inc: 'NWBDataInterface',
                  doc: 'Other data interfaces, usually from extensions, holding delivered stimuli.',
                  quantity: '*',
                },
                {
                  neurodata_type_inc: 'DynamicTable',
                  doc: 'Tables describing delivered stimuli.',
                  quantity: '*',
                },
              ],
            },
            {
              name: 'templates',
              doc: 'Stimulus templates, timed relative to the start of each stimulus.',
              groups: [
                {
                  neurodata_type_inc: 'TimeSeries',
                  doc: 'Series holding stimulus templates.',
                  quantity: '*',
                },
                {
                  neurodata_type_inc: 'Images',
                  doc: 'Image collections used as stimulus templates.',
                  quantity: '*',
                },
              ],
            },
          ],
        },
        {
          name: 'general',
          doc: 'Session metadata: people, protocol, hardware and subject.',
          datasets: [
            {
              name: 'data_collection',
              dtype: 'text',
              doc: 'Notes on how the data were collected and analysed.',
              quantity: '?',
            },
            {
              name: 'experiment_description',
              dtype: 'text',
              doc: 'Overview of the experiment.',
              quantity: '?',
            },
            {
              name: 'experimenter',
              dtype: 'text',
              doc: 'People who ran the experiment.',
              quantity: '?',
              dims: ['num_experimenters'],
              shape: [null],
            },
            {
              name: 'institution',
              dtype: 'text',
              doc: 'Institution hosting the experiment.',
              quantity: '?',
            },
            {
              name: 'keywords',
              dtype: 'text',
              dims: ['num_keywords'],
              shape: [null],
              doc: 'Search terms for this file.',
              quantity: '?',
            },
            {
              name: 'lab',
              dtype: 'text',
              doc: 'Lab that ran the experiment.',
              quantity: '?',
            },
            {
              name: 'notes',
              dtype: 'text',
              doc: 'Free-form notes on the experiment.',
              quantity: '?',
            },
            {
              name: 'pharmacology',
              dtype: 'text',
              doc: 'Drugs given, with dose and timing.',
              quantity: '?',
            },
            {
              name: 'protocol',
              dtype: 'text',
              doc: 'Protocol identifier, such as an ethics approval number.',
              quantity: '?',
            },
            {
              name: 'related_publications',
              dtype: 'text',
              doc: 'Identifiers of related publications, such as DOIs or URLs.',
              dims: ['num_publications'],
              shape: [null],
              quantity: '?',
            },
            {
              name: 'session_id',
              dtype: 'text',
              doc: 'The lab\'s identifier for this session.',
              quantity: '?',
            },
            {
              name: 'slices',
              dtype: 'text',
              doc: 'Preparation details for tissue slices.',
              quantity: '?',
            },
            {
              name: 'source_script',
              dtype: 'text',
              doc: 'Code that produced this file, or a link to it.',
              quantity: '?',
              attributes: [
                {
                  name: 'file_name',
                  dtype: 'text',
                  doc: 'File name of that script.',
                },
              ],
            },
            {
              name: 'was_generated_by',
              dtype: 'text',
              doc: 'Software, with versions, that wrote this file.',
              dims: ['num_sources', 'name, version'],
              shape: [null, 2],
              quantity: '?',
            },
            {
              name: 'stimulus',
              dtype: 'text',
              doc: 'Notes on stimuli and how they were delivered.',
              quantity: '?',
            },
            {
              name: 'surgery',
              dtype: 'text',
              doc: 'Account of surgical procedures.',
              quantity: '?',
            },
            {
              name: 'virus',
              dtype: 'text',
              doc: 'Details of viruses used, such as source, injection site and volume.',
              quantity: '?',
            },
          ],
          groups: [
            {
              neurodata_type_inc: 'LabMetaData',
              doc: 'Lab-defined metadata extensions.',
              quantity: '*',
            },
            {
              name: 'devices',
              doc: 'Hardware used in the session.',
              quantity: '?',
              groups: [
                {
                  neurodata_type_inc: 'Device',
                  doc: 'One device.',
                  quantity: '*',
                },
                {
                  name: 'models',
                  doc: 'Device models referenced by the devices.',
                  quantity: '?',
                  groups: [
                    {
                      neurodata_type_inc: 'DeviceModel',
                      doc: 'One device model.',
                      quantity: '*',
                    },
                  ],
                },
              ],
            },
            {
              name: 'subject',
              neurodata_type_inc: 'Subject',
              doc: 'The subject of the recording.',
              quantity: '?',
            },
            {
              name: 'extracellular_ephys',
              doc: 'Extracellular recording metadata.',
              quantity: '?',
              groups: [
                {
                  neurodata_type_inc: 'ElectrodeGroup',
                  doc: 'One group of electrodes, such as a shank.',
                  quantity: '*',
                },
                {
                  name: 'electrodes',
                  neurodata_type_inc: 'ElectrodesTable',
                  doc: 'Table listing every recording channel.',
                  quantity: '?',
                },
              ],
            },
            {
              name: 'intracellular_ephys',
              doc: 'Intracellular recording metadata.',
              quantity: '?',
              datasets: [
                {
                  name: 'filtering',
                  dtype: 'text',
                  doc: 'Deprecated: filter settings, now recorded per IntracellularElectrode.',
                  quantity: '?',
                },
              ],
              groups: [
                {
                  neurodata_type_inc: 'IntracellularElectrode',
                  doc: 'One intracellular electrode.',
                  quantity: '*',
                },
                {
                  name: 'sweep_table',
                  neurodata_type_inc: 'SweepTable',
                  doc: 'Deprecated table grouping patch-clamp series into sweeps.',
                  quantity: '?',
                },
                {
                  name: 'intracellular_recordings',
                  neurodata_type_inc: 'IntracellularRecordingsTable',
                  doc: 'Table pairing each stimulus with its response on one electrode.',
                  quantity: '?',
                },
                {
                  name: 'simultaneous_recordings',
                  neurodata_type_inc: 'SimultaneousRecordingsTable',
                  doc: 'Table grouping recordings made at the same time.',
                  quantity: '?',
                },
                {
                  name: 'sequential_recordings',
                  neurodata_type_inc: 'SequentialRecordingsTable',
                  doc: 'Table grouping simultaneous recordings that ran one after another.',
                  quantity: '?',
                },
                {
                  name: 'repetitions',
                  neurodata_type_inc: 'RepetitionsTable',
                  doc: 'Table grouping sequential recordings that repeat the same protocol.',
                  quantity: '?',
                },
                {
                  name: 'experimental_conditions',
                  neurodata_type_inc: 'ExperimentalConditionsTable',
                  doc: 'Table grouping repetitions by experimental condition.',
                  quantity: '?',
                },
              ],
            },
            {
              name: 'optogenetics',
              doc: 'Optogenetic stimulation metadata.',
              quantity: '?',
              groups: [
                {
                  neurodata_type_inc: 'OptogeneticStimulusSite',
                  doc: 'One stimulation site.',
                  quantity: '*',
                },
              ],
            },
            {
              name: 'optophysiology',
              doc: 'Optical imaging metadata.',
              quantity: '?',
              groups: [
                {
                  neurodata_type_inc: 'ImagingPlane',
                  doc: 'One imaging plane.',
                  quantity: '*',
                },
              ],
            },
          ],
        },
        {
          name: 'intervals',
          doc: 'Tables of time intervals such as epochs and trials.',
          quantity: '?',
          groups: [
            {
              name: 'epochs',
              neurodata_type_inc: 'TimeIntervals',
              doc: 'Experimental stages within the session.',
              quantity: '?',
            },
            {
              name: 'trials',
              neurodata_type_inc: 'TimeIntervals',
              doc: 'Trial intervals.',
              quantity: '?',
            },
            {
              name: 'invalid_times',
              neurodata_type_inc: 'TimeIntervals',
              doc: 'Intervals to exclude from analysis.',
              quantity: '?',
            },
            {
              neurodata_type_inc: 'TimeIntervals',
              doc: 'Further interval tables.',
              quantity: '*',
            },
          ],
        },
        {
          name: 'units',
          neurodata_type_inc: 'Units',
          doc: 'Spike-sorted units.',
          quantity: '?',
        },
      ],
    },
    {
      neurodata_type_def: 'LabMetaData',
      neurodata_type_inc: 'NWBContainer',
      doc: 'Base type for lab-defined metadata.',
    },
    {
      neurodata_type_def: 'Subject',
      neurodata_type_inc: 'NWBContainer',
      doc: 'Metadata about the subject.',
      datasets: [
        {
          name: 'age',
          dtype: 'text',
          doc: 'Subject age, ideally as an ISO 8601 duration.',
          quantity: '?',
          attributes: [
            {
              name: 'reference',
              doc: 'Event the age counts from: birth or gestational.',
              dtype: 'text',
              required: false,
              default_value: 'birth',
            },
          ],
        },
        {
          name: 'date_of_birth',
          dtype: 'isodatetime',
          doc: 'Birth date of the subject.',
          quantity: '?',
        },
        {
          name: 'description',
          dtype: 'text',
          doc: 'Description of the subject, including where it came from.',
          quantity: '?',
        },
        {
          name: 'genotype',
          dtype: 'text',
          doc: 'Genotype of the subject.',
          quantity: '?',
        },
        {
          name: 'sex',
          dtype: 'text',
          doc: 'Sex of the subject.',
          quantity: '?',
        },
        {
          name: 'species',
          dtype: 'text',
          doc: 'Species of the subject.',
          quantity: '?',
        },
        {
          name: 'strain',
          dtype: 'text',
          doc: 'Strain of the subject.',
          quantity: '?',
        },
        {
          name: 'subject_id',
          dtype: 'text',
          doc: 'Lab identifier of the subject.',
          quantity: '?',
        },
        {
          name: 'weight',
          dtype: 'text',
          doc: 'Subject weight, with units.',
          quantity: '?',
        },
      ],
    },
  ],
  datasets: [
    {
      neurodata_type_def: 'ScratchData',
      neurodata_type_inc: 'NWBData',
      doc: 'Arbitrary one-off dataset placed in scratch space.',
      attributes: [
        {
          name: 'notes',
          doc: 'Free-text notes about this dataset.',
          dtype: 'text',
        },
      ],
    },
  ],
};
