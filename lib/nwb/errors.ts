/**
 * Errors of the NWB layer that are not HDF5 failures: a wrong mode for an NWB operation, an export the NWB
 * rules forbid. Each carries a stable `code`; HDF5 failures underneath stay Hdf5Errors (ERR_H5_*).
 */
export const NWBErrorCodes = {
  /** The IO's mode does not allow the operation (read in w, write in r, export into a file not opened with w). */
  MODE: 'ERR_NWB_MODE',
  /** An export that the NWB rules forbid (a sub-container, into its own source). */
  EXPORT: 'ERR_NWB_EXPORT',
  /** A copy that cannot be made (the NWBFile was never read or written). */
  COPY: 'ERR_NWB_COPY',
  /** The IO was closed. */
  CLOSED: 'ERR_NWB_CLOSED',
} as const;

export class NWBError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'NWBError';
    this.code = code;
  }
}

export function nwbError(code: string, message: string): NWBError {
  return new NWBError(code, message);
}
