/** What files, groups and datasets share: the handle, the path, attributes, identity, references. */
import { native, NativeHandle } from '../binding';
import { Attributes } from './attributes';
import type { File } from './file';

/** An object reference (HDF5 H5R_OBJECT): the address of an object inside one file. */
export class Reference {
  constructor(
    /** The referenced object's address in its file. */
    readonly address: bigint,
    /** The file the reference was read from (resolves the reference), when known. */
    readonly file: File | null = null,
    /**
     * The object the reference was read from (a dataset or the owner of an attribute). It resolves the reference
     * in the file the object really lives in, which differs from `file` for objects reached through an
     * external link.
     */
    readonly owner: H5Object | null = null,
  ) {}
  /** True for a reference to nothing (as h5py writes for empty references). */
  get isNull(): boolean {
    return this.address === 0n;
  }
  /** The referenced object (the file must be known and open). */
  deref(): import('./group').H5Item {
    if (!this.file) throw new TypeError('this reference does not know its file; use file.deref(ref)');
    return this.file.deref(this);
  }
  toString(): string {
    return `<HDF5 object reference ${this.address}>`;
  }
}

export const disposeSymbol: typeof Symbol.dispose = (Symbol as { dispose?: symbol }).dispose as typeof Symbol.dispose ?? (Symbol.for('Symbol.dispose') as typeof Symbol.dispose);
export const asyncDisposeSymbol: typeof Symbol.asyncDispose =
  (Symbol as { asyncDispose?: symbol }).asyncDispose as typeof Symbol.asyncDispose ?? (Symbol.for('Symbol.asyncDispose') as typeof Symbol.asyncDispose);

export abstract class H5Object {
  /** @internal */
  readonly _h: NativeHandle;
  /** @internal */
  readonly _file: File | null;
  /** The object's path in its file, as it was opened ('/' for the root). */
  readonly name: string;
  private _attrs: Attributes | undefined;

  /** @internal */
  constructor(handle: NativeHandle, file: File | null, name: string) {
    this._h = handle;
    this._file = file;
    this.name = name;
  }

  /** The file this object was opened through. */
  get file(): File {
    return (this._file ?? this) as File;
  }

  /** The object's attributes (h5py's `.attrs`). */
  get attrs(): Attributes {
    if (!this._attrs) this._attrs = new Attributes(this);
    return this._attrs;
  }

  /** False once the object, or its file, was closed. */
  get isOpen(): boolean {
    return native.isOpen(this._h);
  }

  /**
   * Releases this object's handle (files: see File.close). Idempotent. A dataset written through this handle
   * has its data written out first; when that fails (ERR_H5_WRITE_FAILED) the dataset stays open.
   */
  close(): void {
    native.close(this._h);
  }

  [Symbol.dispose](): void {
    this.close();
  }

  /** Identity of the underlying object: equal for two handles to the same object (hard links included). */
  get objectId(): string {
    const i = native.objInfo(this._h, '.');
    return `${i.fileno}:${i.token}`;
  }

  /** True when both handles reach the same object in the same file. */
  equals(other: H5Object): boolean {
    return other instanceof H5Object && this.objectId === other.objectId;
  }

  /** An object reference to this object, to store in a dataset or attribute of the same file. */
  ref(): Reference {
    // (the object resolves it: reached through an external link, it lives in another file than this.file)
    return new Reference(native.refCreate(this._h, '.'), this.file, this);
  }
}
