/**
 * Wrappers that tell the writer how to store one dataset (PyNWB's H5DataIO) or feed it piece by piece
 * (PyNWB's DataChunkIterator: any iterable or async iterable of chunks).
 */
import type { Dataset } from '../../h5';

export interface H5DataIOOptions {
  /** The data (values, a lazy dataset of another file, an iterable of chunks); omit with `shape` for an empty
   *  resizable dataset to fill later through `dataio.dataset`. */
  data?: unknown;
  /** Link (true) or copy (false) a dataset that lives in another file. When not given it follows
   *  write()'s linkData (PyNWB's H5DataIO defaults to false and silently copies; we do not). */
  linkData?: boolean;
  chunks?: number[] | true;
  maxshape?: (number | null)[];
  compression?: 'gzip' | 'szip' | number;
  compressionOpts?: number;
  shuffle?: boolean;
  fletcher32?: boolean;
  fillValue?: unknown;
  dtype?: string;
  shape?: number[];
}

const KEYS = ['data', 'linkData', 'chunks', 'maxshape', 'compression', 'compressionOpts', 'shuffle', 'fletcher32', 'fillValue', 'dtype', 'shape'];

export class H5DataIO {
  readonly options: H5DataIOOptions;
  /** After the write: the live dataset in the new file (resize, append, write to it as data arrives). */
  dataset: Dataset | null = null;

  constructor(options: H5DataIOOptions | unknown) {
    const o = (isOptions(options) ? options : { data: options }) as H5DataIOOptions;
    for (const k of Object.keys(o)) if (!KEYS.includes(k)) throw new TypeError(`unknown H5DataIO option '${k}' (expected ${KEYS.join(', ')})`);
    if (o.data === undefined && o.shape === undefined) throw new TypeError('H5DataIO needs data or a shape');
    if (o.data !== undefined && o.shape !== undefined && !isChunkSource(o.data))
      throw new TypeError('H5DataIO takes data or shape, not both (shape is for an empty dataset to fill later)');
    this.options = o;
  }

  get data(): unknown {
    return this.options.data;
  }
}

function isOptions(x: unknown): boolean {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !ArrayBuffer.isView(x) &&
    Object.keys(x).length > 0 && Object.keys(x).every((k) => KEYS.includes(k)) && !('shape' in x && 'data' in x && Array.isArray((x as { shape: unknown }).shape) && ArrayBuffer.isView((x as { data: unknown }).data) && Object.keys(x).length === 2);
}

/** True for iterables/async iterables of chunks (not arrays, strings, or typed arrays). */
export function isChunkSource(x: unknown): x is Iterable<unknown> | AsyncIterable<unknown> {
  if (x === null || typeof x !== 'object') return false;
  if (Array.isArray(x) || ArrayBuffer.isView(x)) return false;
  return typeof (x as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function' ||
    typeof (x as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
}
