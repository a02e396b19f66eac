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

/**
 * Facts about the libhdf5 the addon was built with, and `leftOpen`: how many HDF5 objects and files h5nwb had
 * to leave open in this process because writing their pending data failed when they were being closed by a
 * finalizer, a worker's end or the exit (or because HDF5 failed their close). Normally 0.
 */
export function libraryInfo(): { hdf5Version: string; threadsafe: boolean; szip: boolean; deflate: boolean; leftOpen: number } {
  const i = native.libraryInfo();
  return { hdf5Version: i.hdf5Version, threadsafe: i.threadsafe, szip: i.szip, deflate: i.deflate, leftOpen: i.leftOpen };
}

/**
 * How long, in microseconds, the asynchronous operations poll instead of sleeping (default 1000; 0 turns
 * polling off). Queued operations run one after another on the addon's I/O thread. While some are in flight,
 * the event loop of the thread that issued them polls for their completion (it keeps turning: timers and I/O
 * run as usual) for up to this long after the last submission or completion, and the I/O thread looks for its
 * next operation for up to this long (at most 250 µs) after finishing one; after that both sleep. Waking a
 * sleeping thread costs tens of µs on virtual machines, as much as a 768 KB read takes, so polling is what lets
 * an awaited operation run about as fast as its synchronous form; the price is CPU time spent polling, at most
 * the budget per operation. The setting is per process (all threads). Returns the budget in effect.
 */
export function asyncPolling(microseconds?: number): number {
  if (microseconds !== undefined) {
    if (typeof microseconds !== 'number' || !Number.isInteger(microseconds))
      throw new TypeError(`asyncPolling: the budget must be an integer number of microseconds, not ${String(microseconds)}`);
    if (microseconds < 0 || microseconds > 1_000_000)
      throw new RangeError(`asyncPolling: the budget must be 0 to 1000000 µs, not ${microseconds}`);
  }
  return native.asyncPollMicros(microseconds);
}

export * from './nwb';
