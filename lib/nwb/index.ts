/** The NWB layer: containers, the type catalog and NWBHDF5IO. */
export { Container } from './containers/base';
export { TimeSeries, Device, Subject, ProcessingModule, MultiContainerInterface } from './containers/core';
export type { TimeSeriesArgs } from './containers/core';
export { NWBFile, NWB_VERSION } from './containers/file';
export type { NWBFileArgs } from './containers/file';
export { NWBHDF5IO, BuildManager, getManager } from './io/nwbio';
export type { NWBHDF5IOOptions, WriteArgs } from './io/nwbio';
export { H5DataIO } from './io/dataio';
export type { H5DataIOOptions } from './io/dataio';
export { NamespaceCatalog } from './spec/catalog';
export type { BrokenLink } from './io/backend';
