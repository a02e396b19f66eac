/**
 * Typed containers of NWB core and hdmf-common that users construct by hand. Each validates its arguments
 * and names its places in camelCase; everything else goes through Container.get/set by spec place.
 */
import { Dataset } from '../../h5/dataset';
import { normalize } from '../../h5/data';
import type { NdArray } from '../../h5/data';
import type { SelectionLike } from '../../h5/selection';
import { Container } from './base';
import { assignArgs, defineProps, objectArgs, requireArgs } from './props';
import { DateLike, normalizeDateTime } from './time';

// ------------------------------------------------------------------------------------------ TimeSeries

const TS_MAP = {
  data: 'data',
  unit: 'data@unit',
  conversion: 'data@conversion',
  resolution: 'data@resolution',
  offset: 'data@offset',
  continuity: 'data@continuity',
  timestamps: 'timestamps',
  startingTime: 'starting_time',
  rate: 'starting_time@rate',
  description: '@description',
  comments: '@comments',
  control: 'control',
  controlDescription: 'control_description',
};

export interface TimeSeriesArgs {
  name: string;
  /** Values (TypedArray, nested arrays, { data, shape }), a Dataset of a file (linked), an H5DataIO, an
   *  iterable of chunks, or another TimeSeries (its data is shared through a link). */
  data: unknown;
  unit?: string;
  conversion?: number;
  resolution?: number;
  offset?: number;
  continuity?: 'continuous' | 'instantaneous' | 'step';
  /** Sample times in seconds (or another TimeSeries, to share its timestamps); or startingTime + rate. */
  timestamps?: unknown;
  startingTime?: number;
  rate?: number;
  description?: string;
  comments?: string;
  control?: unknown;
  controlDescription?: string[];
}

export class TimeSeries extends Container {
  declare data: unknown;
  declare unit: string;
  declare conversion: number;
  declare resolution: number;
  declare offset: number;
  declare continuity: string | undefined;
  declare timestamps: unknown;
  declare startingTime: number | undefined;
  declare rate: number | undefined;
  declare description: string;
  declare comments: string;
  declare control: unknown;
  declare controlDescription: unknown;

  constructor(args: TimeSeriesArgs, type = 'TimeSeries', extra: Record<string, string> = {}) {
    objectArgs(type, args);
    super(type, args.name);
    requireArgs(type, args as unknown as Record<string, unknown>, ['data']);
    const hasTs = args.timestamps !== undefined && args.timestamps !== null;
    const hasRate = args.rate !== undefined && args.rate !== null;
    if (hasTs && (hasRate || args.startingTime !== undefined))
      throw new TypeError(`${type} '${args.name}': give timestamps, or startingTime and rate, not both`);
    if (!hasTs && !hasRate) throw new TypeError(`${type} '${args.name}': timestamps or rate is required`);
    const defaults: Record<string, unknown> = { conversion: 1.0, resolution: -1.0, offset: 0.0, description: 'no description', comments: 'no comments' };
    if (hasRate && args.startingTime === undefined) defaults.startingTime = 0.0;
    assignArgs(this, { ...defaults, ...args } as Record<string, unknown>, { ...TS_MAP, ...extra });
    if (args.unit === undefined && !('unit' in extra) && this.get('data@unit') === undefined) {
      throw new TypeError(`${type} '${args.name}': unit is required`);
    }
  }

  /**
   * The data as an ndarray ({ data, shape }): read from the file now when it is a lazy dataset (all of it, or a
   * selection). Throws an error naming the link and the missing file when the data sits behind a broken link.
   */
  readData(selection?: SelectionLike): NdArray {
    return readPlace(this, 'data', selection);
  }

  /** The timestamps as an ndarray (see readData); undefined when the series has a rate instead. */
  readTimestamps(selection?: SelectionLike): NdArray | undefined {
    if (this.get('timestamps') === undefined && !this._broken?.has('timestamps')) return undefined;
    return readPlace(this, 'timestamps', selection);
  }

  /** Uncorrected hardware times and other synchronisation data (the schema's `sync` group). */
  addSync(name: string, data: unknown): this {
    this.set(`sync/${name}`, data);
    return this;
  }

  /** The sync group's datasets by name. */
  get sync(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of this.fields) if (k.startsWith('sync/') && !k.includes('@')) out[k.slice(5)] = v;
    return out;
  }
}
defineProps(TimeSeries, TS_MAP);

/** Reads the array at a place of a container: lazy datasets (also inside an H5DataIO or another series) read now. */
export function readPlace(c: Container, place: string, selection?: SelectionLike): NdArray {
  let v = c.require(place);
  if (v instanceof Container) v = v.require(place); // data: otherSeries shares that series' array
  const live = (v as { dataset?: unknown } | null)?.dataset;
  if (live instanceof Dataset) v = live; // an H5DataIO after its write
  else if (v && typeof v === 'object' && 'options' in (v as object) && 'data' in ((v as { options: object }).options))
    v = (v as { options: { data: unknown } }).options.data; // an H5DataIO before its write
  if (v instanceof Dataset) return v.read(selection);
  if (v === undefined || v === null) throw new RangeError(`${c.describe()} has no '${place}'`);
  if (selection !== undefined) throw new TypeError(`${c.describe()}: '${place}' is in memory; index it directly`);
  const { values, shape } = normalize(v);
  return { data: values, shape } as NdArray;
}

// -------------------------------------------------------------------------------------- Device, Subject

const DEVICE_MAP = { description: '@description', manufacturer: '@manufacturer', modelNumber: '@model_number', modelName: '@model_name', serialNumber: '@serial_number' };

export class Device extends Container {
  declare description: string | undefined;
  declare manufacturer: string | undefined;
  constructor(args: { name: string; description?: string; manufacturer?: string; modelNumber?: string; modelName?: string; serialNumber?: string }) {
    objectArgs('Device', args);
    super('Device', args.name);
    assignArgs(this, args as Record<string, unknown>, DEVICE_MAP);
  }
}
defineProps(Device, DEVICE_MAP);

const SUBJECT_MAP = {
  age: 'age', ageReference: 'age@reference', description: 'description', genotype: 'genotype', sex: 'sex',
  species: 'species', strain: 'strain', subjectId: 'subject_id', weight: 'weight', dateOfBirth: 'date_of_birth',
};

export class Subject extends Container {
  declare age: string | undefined;
  declare subjectId: string | undefined;
  declare species: string | undefined;
  declare sex: string | undefined;
  declare description: string | undefined;
  constructor(args: { name?: string; age?: string; ageReference?: 'birth' | 'gestational'; description?: string; genotype?: string; sex?: string; species?: string; strain?: string; subjectId?: string; weight?: string; dateOfBirth?: DateLike }) {
    objectArgs('Subject', args);
    super('Subject', args.name ?? 'subject');
    const a = { ...args } as Record<string, unknown>;
    if (a.dateOfBirth !== undefined) a.dateOfBirth = normalizeDateTime(a.dateOfBirth as DateLike, 'dateOfBirth');
    if (a.age !== undefined && a.ageReference === undefined) a.ageReference = 'birth';
    assignArgs(this, a, SUBJECT_MAP);
  }
}
defineProps(Subject, SUBJECT_MAP);

// ------------------------------------------------------------------------------------ ProcessingModule

export class ProcessingModule extends Container {
  declare description: string;
  constructor(args: { name: string; description: string }) {
    objectArgs('ProcessingModule', args);
    super('ProcessingModule', args.name);
    requireArgs('ProcessingModule', args, ['description']);
    this.set('@description', args.description);
  }
  /** Adds a data interface or table to the module. */
  add(c: Container): Container {
    return this.addChild('*', c);
  }
  get(name: string): unknown {
    if (name.includes('@') || name.includes('/') || name === '*') return super.get(name);
    const v = super.get(name);
    return v !== undefined ? v : this.children('*').get(name);
  }
  /** The module's data interfaces and tables by name. */
  get dataInterfaces(): Map<string, Container> {
    return this.children('*');
  }
}
defineProps(ProcessingModule, { description: '@description' });

/** An untyped collection of containers (e.g. LFP, Position) in the NWBDataInterface family. */
export class MultiContainerInterface extends Container {
  constructor(type: string, name: string) {
    super(type, name);
  }
  add(c: Container): Container {
    return this.addChild('*', c);
  }
  get items(): Map<string, Container> {
    return this.children('*');
  }
}
