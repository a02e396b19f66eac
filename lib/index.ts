/** h5nwb: HDF5 and NWB for Node.js. */
import { native } from './binding';

export * from './h5';
export { Hdf5Error, ErrorCodes } from './errors';
export type { ErrorCode, Hdf5ErrorFrame } from './errors';
export type { TypeDesc } from './binding';

/** Facts about the libhdf5 the addon was built with. */
export function libraryInfo(): { hdf5Version: string; threadsafe: boolean; szip: boolean; deflate: boolean } {
  const i = native.libraryInfo();
  return { hdf5Version: i.hdf5Version, threadsafe: i.threadsafe, szip: i.szip, deflate: i.deflate };
}
export * from './nwb';
