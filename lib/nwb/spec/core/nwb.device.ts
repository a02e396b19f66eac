// Our own definition of the 'nwb.device' source of NWB core 2.9.0.
// Structure mirrors the official schema exactly (checked by test/nwb/spec-structure.test.ts);
// doc strings are written for this project. Keys use the schema language's snake_case names
// because these objects are written verbatim into the /specifications cache of NWB files.
// 2 type(s).

import type { SpecSource } from '../schema-types';

export const nwbDevice: SpecSource = {
  name: 'nwb.device',
  groups: [
    {
      neurodata_type_def: 'Device',
      neurodata_type_inc: 'NWBContainer',
      doc: 'A particular piece of acquisition hardware, such as an amplifier, probe or microscope.',
      attributes: [
        {
          name: 'description',
          dtype: 'text',
          doc: 'Free-text description of the device and any related software.',
          required: false,
        },
        {
          name: 'manufacturer',
          dtype: 'text',
          doc: 'Deprecated: maker of the device; record it on the linked DeviceModel instead.',
          required: false,
        },
        {
          name: 'model_number',
          dtype: 'text',
          doc: 'Deprecated: part or model number; record it on the linked DeviceModel instead.',
          required: false,
        },
        {
          name: 'model_name',
          dtype: 'text',
          doc: 'Deprecated: model name; use the name of a linked DeviceModel instead.',
          required: false,
        },
        {
          name: 'serial_number',
          dtype: 'text',
          doc: 'Serial number of this particular unit.',
          required: false,
        },
      ],
      links: [
        {
          name: 'model',
          target_type: 'DeviceModel',
          doc: 'The DeviceModel describing this device\'s make and model.',
          quantity: '?',
        },
      ],
    },
    {
      neurodata_type_def: 'DeviceModel',
      neurodata_type_inc: 'NWBContainer',
      doc: 'Properties shared by all devices of one make and model; meant to be extended.',
      attributes: [
        {
          name: 'manufacturer',
          dtype: 'text',
          doc: 'Company that makes the device model.',
        },
        {
          name: 'model_number',
          dtype: 'text',
          doc: 'Catalogue, part or product number of the model.',
          required: false,
        },
        {
          name: 'description',
          dtype: 'text',
          doc: 'Free-text description of the model.',
          required: false,
        },
      ],
    },
  ],
};
