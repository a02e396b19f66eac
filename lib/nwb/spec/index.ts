// The NWB schema namespaces built into h5nwb: NWB core 2.9.0, hdmf-common 1.8.0 and
// hdmf-experimental 0.5.0, as our own TypeScript data (see ./schema-types.ts).

import type { BuiltinNamespace } from './schema-types';
import { coreNamespace } from './core/namespace';
import { nwbBase } from './core/nwb.base';
import { nwbDevice } from './core/nwb.device';
import { nwbEpoch } from './core/nwb.epoch';
import { nwbImage } from './core/nwb.image';
import { nwbFile } from './core/nwb.file';
import { nwbMisc } from './core/nwb.misc';
import { nwbBehavior } from './core/nwb.behavior';
import { nwbEcephys } from './core/nwb.ecephys';
import { nwbIcephys } from './core/nwb.icephys';
import { nwbOgen } from './core/nwb.ogen';
import { nwbOphys } from './core/nwb.ophys';
import { nwbRetinotopy } from './core/nwb.retinotopy';
import { hdmfCommonNamespace } from './hdmf-common/namespace';
import { hdmfCommonBase } from './hdmf-common/base';
import { hdmfCommonTable } from './hdmf-common/table';
import { hdmfCommonSparse } from './hdmf-common/sparse';
import { hdmfExperimentalNamespace } from './hdmf-experimental/namespace';
import { hdmfExperimentalExperimental } from './hdmf-experimental/experimental';
import { hdmfExperimentalResources } from './hdmf-experimental/resources';

export * from './schema-types';
export { coreNamespace, hdmfCommonNamespace, hdmfExperimentalNamespace };

/**
 * Built-in namespaces, in the order core, hdmf-common, hdmf-experimental. `sources` is keyed by
 * the source name as listed in the namespace's schema list without the '.yaml' extension
 * (e.g. 'nwb.base'), which is also the name used for the source in a file's /specifications cache.
 */
export const BUILTIN_NAMESPACES: readonly BuiltinNamespace[] = [
  {
    namespace: coreNamespace,
    sources: {
      'nwb.base': nwbBase,
      'nwb.device': nwbDevice,
      'nwb.epoch': nwbEpoch,
      'nwb.image': nwbImage,
      'nwb.file': nwbFile,
      'nwb.misc': nwbMisc,
      'nwb.behavior': nwbBehavior,
      'nwb.ecephys': nwbEcephys,
      'nwb.icephys': nwbIcephys,
      'nwb.ogen': nwbOgen,
      'nwb.ophys': nwbOphys,
      'nwb.retinotopy': nwbRetinotopy,
    },
  },
  {
    namespace: hdmfCommonNamespace,
    sources: {
      'base': hdmfCommonBase,
      'table': hdmfCommonTable,
      'sparse': hdmfCommonSparse,
    },
  },
  {
    namespace: hdmfExperimentalNamespace,
    sources: {
      'experimental': hdmfExperimentalExperimental,
      'resources': hdmfExperimentalResources,
    },
  },
];
