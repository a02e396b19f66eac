/** h5nwb: HDF5 and NWB for Node.js. */
import { addonFile, native } from './binding';

export * from './h5';
export { Hdf5Error, ErrorCodes } from './errors';
export type { ErrorCode, Hdf5ErrorFrame } from './errors';
export type { TypeDesc } from './binding';

/** How the loaded addon was built: its HDF5, how HDF5 was linked, and the hash of the native sources it was
 *  built from (equal to scripts/source-hash.js's for the current sources when the build is up to date). */
export function buildInfo(): {
  hdf5Version: string; hdf5Linkage: 'bundled' | 'system' | 'unknown'; threadsafe: boolean; sourceHash: string;
  napiVersion: number; szip: boolean; deflate: boolean; addon: string;
} {
  const i = native.libraryInfo() as ReturnType<typeof native.libraryInfo> & { sourceHash: string; hdf5Linkage: string; napiVersion: number };
  return {
    hdf5Version: i.hdf5Version,
    hdf5Linkage: (['bundled', 'system'].includes(i.hdf5Linkage) ? i.hdf5Linkage : 'unknown') as 'bundled' | 'system' | 'unknown',
    threadsafe: i.threadsafe,
    sourceHash: i.sourceHash,
    napiVersion: i.napiVersion,
    szip: i.szip,
    deflate: i.deflate,
    addon: addonFile,
  };
}

/** Facts about the libhdf5 the addon was built with. */
export function libraryInfo(): { hdf5Version: string; threadsafe: boolean; szip: boolean; deflate: boolean } {
  const i = native.libraryInfo();
  return { hdf5Version: i.hdf5Version, threadsafe: i.threadsafe, szip: i.szip, deflate: i.deflate };
}
export * from './nwb';
