/**
 * Errors raised by h5nwb.
 *
 * Failures inside libhdf5 become an {@link Hdf5Error} with a stable string `code` (below), the HDF5 major and
 * minor error classes of the root cause, the whole HDF5 error stack, and the file and object path involved.
 * Argument mistakes are plain `TypeError`/`RangeError`s raised before any native code runs.
 */

/** Stable error codes. New codes may be added; existing ones keep their meaning. */
export const ErrorCodes = {
  /** Any HDF5 failure without a more specific code. */
  H5: 'ERR_H5',
  /** The file does not exist (modes r and r+, or a missing family member). */
  FILE_NOT_FOUND: 'ERR_H5_FILE_NOT_FOUND',
  /** The file exists and the mode was w- or x. */
  FILE_EXISTS: 'ERR_H5_FILE_EXISTS',
  /** The file is not an HDF5 file (no superblock signature). */
  NOT_HDF5: 'ERR_H5_NOT_HDF5',
  /** The path names a directory, not a file. */
  IS_DIRECTORY: 'ERR_H5_IS_DIRECTORY',
  /** The file is shorter than its superblock says: truncated or still being written. */
  TRUNCATED: 'ERR_H5_TRUNCATED',
  /** The file is open elsewhere in a way that conflicts (file locking, or an incompatible mode in this process). */
  FILE_LOCKED: 'ERR_H5_FILE_LOCKED',
  /** A family file was opened with a member size that does not match its members. */
  FAMILY_MEMBER_SIZE: 'ERR_H5_FAMILY_MEMBER_SIZE',
  /** No object, link or attribute at that path or name. */
  NOT_FOUND: 'ERR_H5_NOT_FOUND',
  /** An object, link or attribute of that name already exists. */
  EXISTS: 'ERR_H5_EXISTS',
  /** The file was opened read-only. */
  READ_ONLY: 'ERR_H5_READ_ONLY',
  /** The object, or the file it belongs to, was closed. */
  CLOSED: 'ERR_H5_CLOSED',
  /** The file has asynchronous operations in flight; await them or use closeAsync(). */
  BUSY: 'ERR_H5_BUSY',
  /** An external link's target file or object cannot be opened. */
  BROKEN_LINK: 'ERR_H5_BROKEN_LINK',
  /** An external link was refused by the file's externalLinks policy. */
  LINK_REFUSED: 'ERR_H5_LINK_REFUSED',
  /** Soft links that lead back to themselves. */
  LINK_CYCLE: 'ERR_H5_LINK_CYCLE',
  /** HDF5 cannot convert between the stored type and the requested type. */
  TYPE_CONVERSION: 'ERR_H5_TYPE_CONVERSION',
  /** A resize beyond maxshape. */
  EXTENT: 'ERR_H5_EXTENT',
  /** Data and selection shapes disagree. */
  SHAPE: 'ERR_H5_SHAPE',
  /** A filter the data needs is not available. */
  FILTER: 'ERR_H5_FILTER',
  /** An object reference with no target. */
  NULL_REFERENCE: 'ERR_H5_NULL_REFERENCE',
  /**
   * Writing to the file failed at the operating system (disk full, an I/O error, the file gone). Raised by the
   * call that wrote; by close() and flush() for data written earlier, in which case the object stays open.
   */
  WRITE_FAILED: 'ERR_H5_WRITE_FAILED',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** One frame of the HDF5 error stack, outermost (the API call) first. */
export interface Hdf5ErrorFrame {
  major: string;
  minor: string;
  func: string;
  desc: string;
  source: string;
}

export interface Hdf5ErrorDetails {
  code: string;
  file?: string | null;
  path?: string | null;
  major?: string;
  minor?: string;
  frames?: Hdf5ErrorFrame[];
}

/** A failure reported by libhdf5, or a misuse of an HDF5 object (a closed handle, a busy file). */
export class Hdf5Error extends Error {
  /** Stable code, one of {@link ErrorCodes}. */
  readonly code: string;
  /** The file involved, when known. */
  readonly file: string | null;
  /** The object or link path involved, when known. */
  readonly path: string | null;
  /** HDF5 major error class of the root cause (e.g. "File accessibility"). */
  readonly major: string | null;
  /** HDF5 minor error class of the root cause (e.g. "Unable to open file"). */
  readonly minor: string | null;
  /** The HDF5 error stack, innermost (the root cause) first, the API call last. */
  readonly frames: Hdf5ErrorFrame[];

  constructor(message: string, details: Hdf5ErrorDetails) {
    const where = [details.file ? `file '${details.file}'` : null, details.path ? `object '${details.path}'` : null]
      .filter(Boolean)
      .join(', ');
    // The outermost frame says what failed (the API call), the innermost why: both, when they differ.
    const frames = details.frames ?? [];
    const outer = frames.length ? frames[frames.length - 1].desc : '';
    const root = frames.length > 1 ? frames[0].desc : '';
    let full = message;
    if (outer && !message.includes(outer)) full += `: ${outer}`;
    if (root && root !== outer && !full.includes(root)) full += `: ${root}`;
    if (where && !(details.file && message.includes(details.file))) full += ` (${where})`;
    super(full);
    this.name = 'Hdf5Error';
    this.code = details.code;
    this.file = details.file ?? null;
    this.path = details.path ?? null;
    this.major = details.major ?? null;
    this.minor = details.minor ?? null;
    this.frames = details.frames ?? [];
  }
}

/** Makes an Hdf5Error raised by the TypeScript layer (no HDF5 stack). */
export function h5error(code: ErrorCode, message: string, file?: string | null, path?: string | null): Hdf5Error {
  return new Hdf5Error(message, { code, file: file ?? null, path: path ?? null, frames: [] });
}
