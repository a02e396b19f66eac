// Our own definition of the NWB core 2.9.0 namespace. Field values match the official
// namespace (checked by test/nwb/spec-structure.test.ts); the doc strings are our own.
// Each 'source' entry names a YAML file of the official schema; the matching SpecSource
// in this folder uses the same name without the '.yaml' extension.

import type { NamespaceSpec } from '../schema-types';

export const coreNamespace: NamespaceSpec = {
  name: 'core',
  doc: 'The core NWB data standard for neurophysiology data.',
  author: [
    'Andrew Tritt',
    'Oliver Ruebel',
    'Ryan Ly',
    'Ben Dichter',
    'Keith Godfrey',
    'Jeff Teeters',
  ],
  contact: [
    'ajtritt@lbl.gov',
    'oruebel@lbl.gov',
    'rly@lbl.gov',
    'bdichter@lbl.gov',
    'keithg@alleninstitute.org',
    'jteeters@berkeley.edu',
  ],
  full_name: 'NWB core',
  schema: [
    { namespace: 'hdmf-common' },
    { doc: 'Foundational types that the rest of NWB builds on.', source: 'nwb.base.yaml', title: 'Base data types' },
    { doc: 'Types describing acquisition hardware.', source: 'nwb.device.yaml', title: 'Devices' },
    { doc: 'Types for labelled time intervals.', source: 'nwb.epoch.yaml', title: 'Epochs' },
    { doc: 'Types for images and image sequences.', source: 'nwb.image.yaml', title: 'Image data' },
    { doc: 'The root file type and session metadata.', source: 'nwb.file.yaml', title: 'NWB file' },
    { doc: 'Types that do not belong to a single modality.', source: 'nwb.misc.yaml', title: 'Miscellaneous neurodata_types.' },
    { doc: 'Types for behavioral measurements.', source: 'nwb.behavior.yaml', title: 'Behavior' },
    { doc: 'Types for extracellular recordings.', source: 'nwb.ecephys.yaml', title: 'Extracellular electrophysiology' },
    { doc: 'Types for patch-clamp and other intracellular recordings.', source: 'nwb.icephys.yaml', title: 'Intracellular electrophysiology' },
    { doc: 'Types for optogenetic stimulation.', source: 'nwb.ogen.yaml', title: 'Optogenetics' },
    { doc: 'Types for optical imaging of neural activity.', source: 'nwb.ophys.yaml', title: 'Optical physiology' },
    { doc: 'Types for retinotopic mapping (deprecated).', source: 'nwb.retinotopy.yaml', title: 'Retinotopy' },
  ],
  version: '2.9.0',
};
