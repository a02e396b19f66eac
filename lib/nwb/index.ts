/** The NWB layer: containers, the type catalog and NWBHDF5IO. */
export { Container } from './containers/base';
export { TimeSeries, Device, Subject, ProcessingModule, MultiContainerInterface } from './containers/core';
export type { TimeSeriesArgs } from './containers/core';
export { NWBFile, NWB_VERSION } from './containers/file';
export {
  VectorData, VectorIndex, ElementIdentifiers, DynamicTableRegion, DynamicTable, TimeSeriesReferenceVectorData,
} from './containers/table';
export type { VectorDataArgs, VectorIndexArgs, DynamicTableRegionArgs, DynamicTableArgs, AddColumnArgs, ColumnSpec } from './containers/table';
export { ElectrodeGroup, ElectrodesTable, ElectricalSeries, SpikeEventSeries, LFP, FilteredEphys } from './containers/ecephys';
export type { ElectrodeGroupArgs, ElectricalSeriesArgs, SpikeEventSeriesArgs, AddElectrodeArgs } from './containers/ecephys';
export {
  Units, TimeIntervals, AnnotationSeries, ImageSeries, TwoPhotonSeries, ImagingPlane, OpticalChannel, SpatialSeries, Position,
} from './containers/misc';
export type {
  UnitsArgs, AddUnitArgs, AddIntervalArgs, ImageSeriesArgs, TwoPhotonSeriesArgs, ImagingPlaneArgs, SpatialSeriesArgs,
} from './containers/misc';
export type { NWBFileArgs } from './containers/file';
export { NWBHDF5IO, BuildManager, getManager } from './io/nwbio';
export type { NWBHDF5IOOptions, WriteArgs } from './io/nwbio';
export { H5DataIO } from './io/dataio';
export type { H5DataIOOptions } from './io/dataio';
export { NamespaceCatalog } from './spec/catalog';
export type { BrokenLink } from './io/backend';
export type { NWBCopyFileOptions } from './io/nwbio';
export { NWBError, NWBErrorCodes } from './errors';
export type { BrokenPlace } from './containers/base';
export { checkLinks } from '../h5/links';
export type { LinkReport, CheckLinksOptions } from '../h5/links';
export { validate, assertValid, NWBValidationError } from './validate';
export type { ValidationError, ValidationCode, ValidateOptions } from './validate';
