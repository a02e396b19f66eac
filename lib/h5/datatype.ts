/** Named (committed) datatypes: a datatype stored in the file under a name, as h5py's `group[name] = dtype`. */
import { native, TypeDesc } from '../binding';
import { ErrorCodes, h5error } from '../errors';
import { DTypeKind, kindOf } from './dtype';
import { H5Object } from './object';

/**
 * A datatype stored in the file as an object of its own (h5py's `h5py.Datatype`). It has a name, attributes and
 * an object identity; datasets and attributes created with it (`dtype: datatype`) share it rather than holding
 * a copy. Get one from `group.get(name)` or `group.commitDatatype(name, dtype)`.
 */
export class Datatype extends H5Object {
  private _desc: TypeDesc | undefined;

  /** The datatype's simple name ('int16', 'float64', 'string', 'compound', 'enum', ...). */
  get dtype(): DTypeKind {
    return kindOf(this.dtypeInfo);
  }

  /** The full datatype descriptor (byte order, string encoding and length, compound fields, ...). */
  get dtypeInfo(): TypeDesc {
    if (!this._desc) this._desc = native.typeInfo(this._h);
    return this._desc;
  }

  /** @internal The descriptor that makes a new dataset or attribute use this stored type. */
  _committedDesc(): TypeDesc {
    if (!this.isOpen)
      throw h5error(ErrorCodes.CLOSED, `cannot use the named datatype '${this.name}' as a dtype: it is closed`, this._file?.filename, this.name);
    return Object.assign({}, this.dtypeInfo, { committed: this._h });
  }

  toString(): string {
    return this.isOpen ? `<HDF5 named type "${this.name}" (${this.dtype})>` : '<Closed HDF5 named type>';
  }
}
