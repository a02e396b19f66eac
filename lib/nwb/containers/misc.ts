/**
 * Units and TimeIntervals (trials, epochs, invalid times), AnnotationSeries, images (ImageSeries), optical
 * physiology (TwoPhotonSeries, ImagingPlane, OpticalChannel) and behavior (SpatialSeries, Position), with
 * PyNWB's verbs in camelCase and the NWBFile verbs that build units and intervals as PyNWB does.
 */
import { Container } from './base';
import { Device, MultiContainerInterface, TimeSeries, TimeSeriesArgs } from './core';
import { ElectrodeGroup, pickFrom } from './ecephys';
import { assignArgs, defineProps, objectArgs } from './props';
import {
  appendRows, checkArgs, ColumnSpec, DynamicTable, DynamicTableArgs, DynamicTableRegion, lengthOf, rowsOf, shapeOf,
} from './table';

// ---------------------------------------------------------------------------------------------- Units

const UNITS_COLUMNS: readonly ColumnSpec[] = [
  { name: 'spike_times', description: 'the spike times for each unit', index: 1 },
  { name: 'obs_intervals', description: 'the observation intervals for each unit', index: 1 },
  { name: 'electrodes', description: 'the electrodes that each spike unit came from', index: 1, table: true },
  { name: 'electrode_group', description: 'the electrode group that each spike unit came from' },
  { name: 'waveform_mean', description: 'the spike waveform mean for each spike unit' },
  { name: 'waveform_sd', description: 'the spike waveform standard deviation for each spike unit' },
  {
    name: 'waveforms', index: 2,
    description: 'the waveform of every spike: one row of samples per recording electrode, grouped by spike (waveforms_index) and by unit (waveforms_index_index)',
  },
];

export interface UnitsArgs extends Partial<DynamicTableArgs> {
  /** The table the `electrodes` column points into (default: the file's electrodes table). */
  electrodeTable?: DynamicTable;
  /** Sampling rate of the waveforms (Hz): the sampling_rate attribute of waveform_mean/waveform_sd/waveforms. */
  waveformRate?: number;
  /** Unit of the waveforms (default 'volts'). */
  waveformUnit?: string;
  /** The smallest possible difference between two spike times (the resolution attribute of spike_times). */
  resolution?: number;
}

const WAVEFORM_COLUMNS = ['waveform_mean', 'waveform_sd', 'waveforms'];
/** Units' electrode tables (not a place: nothing is written for it). */
const unitsElectrodeTable = new WeakMap<Container, DynamicTable>();

export interface AddUnitArgs {
  spikeTimes?: unknown;
  /** Observation intervals [[start, stop], ...]. */
  obsIntervals?: unknown;
  /** Rows of the electrodes table. */
  electrodes?: number[];
  electrodeGroup?: ElectrodeGroup;
  waveformMean?: unknown;
  waveformSd?: unknown;
  /** Individual waveforms of this unit: per spike, per electrode, the samples (nested three deep). */
  waveforms?: unknown;
  id?: number;
  enforceUniqueId?: boolean;
  /** Values of columns added with addUnitColumn, by column name. */
  [column: string]: unknown;
}

const UNIT_ARGS: Record<string, string> = {
  spikeTimes: 'spike_times', obsIntervals: 'obs_intervals', electrodeGroup: 'electrode_group', waveformMean: 'waveform_mean',
  waveformSd: 'waveform_sd',
};

/** Spike times and other data of sorted units (core Units). */
export class Units extends DynamicTable {
  static readonly predefinedColumns: readonly ColumnSpec[] = UNITS_COLUMNS;

  constructor(args: UnitsArgs = {}) {
    checkArgs('Units', args, ['description', 'id', 'columns', 'colnames', 'electrodeTable', 'waveformRate', 'waveformUnit', 'resolution'], [], ['description', 'waveformUnit']);
    const { electrodeTable, waveformRate, waveformUnit, resolution, ...rest } = args;
    super({ ...rest, name: args.name ?? 'Units', description: args.description ?? 'data on spiking units' } as DynamicTableArgs, 'Units', 'core');
    if (electrodeTable !== undefined) {
      if (!(electrodeTable instanceof DynamicTable)) throw new TypeError('Units: electrodeTable must be a DynamicTable');
      unitsElectrodeTable.set(this, electrodeTable);
    }
    for (const [k, v] of [['waveformRate', waveformRate], ['resolution', resolution]] as const)
      if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) throw new TypeError(`Units: ${k} must be a number`);
    if (waveformRate !== undefined) this.waveformRate = waveformRate;
    this.waveformUnit = waveformUnit ?? 'volts';
    if (resolution !== undefined) this.resolution = resolution;
  }

  /** The resolution attribute of spike_times. */
  get resolution(): number | undefined {
    return (this.get('spike_times@resolution') ?? this.getColumn('spike_times')?.get('@resolution')) as number | undefined;
  }
  set resolution(v: number | undefined) {
    this.set('spike_times@resolution', v);
  }

  /** The sampling_rate attribute of the waveform columns. */
  get waveformRate(): number | undefined {
    return (this.get('waveform_mean@sampling_rate') ?? WAVEFORM_COLUMNS.map((c) => this.getColumn(c)?.get('@sampling_rate')).find((x) => x !== undefined)) as number | undefined;
  }
  set waveformRate(v: number | undefined) {
    for (const c of WAVEFORM_COLUMNS) this.set(`${c}@sampling_rate`, v);
  }

  /** The unit attribute of the waveform columns. */
  get waveformUnit(): string | undefined {
    return (this.get('waveform_mean@unit') ?? WAVEFORM_COLUMNS.map((c) => this.getColumn(c)?.get('@unit')).find((x) => x !== undefined)) as string | undefined;
  }
  set waveformUnit(v: string | undefined) {
    for (const c of WAVEFORM_COLUMNS) this.set(`${c}@unit`, v);
  }

  /** The table the electrodes column points into. */
  get electrodeTable(): DynamicTable | undefined {
    const col = this.getColumn('electrodes');
    if (col instanceof DynamicTableRegion && col.table) return col.table;
    const t = unitsElectrodeTable.get(this) ?? this.root().get('general/extracellular_ephys/electrodes');
    return t instanceof DynamicTable ? t : undefined;
  }

  /** Adds a unit: spikeTimes, obsIntervals, electrodes (rows of the electrodes table), ... and added columns. */
  addUnit(args: AddUnitArgs): void {
    if (typeof args !== 'object' || args === null) throw new TypeError('addUnit: arguments must be an object');
    const row: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(args)) {
      if (v === undefined || v === null) continue;
      const col = UNIT_ARGS[k] ?? k;
      if (col in row) throw new TypeError(`addUnit: '${k}' given twice`);
      row[col] = v;
    }
    const where = `${this.describe()} addUnit`;
    if (row.spike_times !== undefined) {
      const s = shapeOf(row.spike_times);
      if (!s || s.length !== 1) throw new TypeError(`${where}: spikeTimes must be a 1-D array of times`);
    }
    if (row.obs_intervals !== undefined) {
      const iv = rowsOf(row.obs_intervals);
      if (iv.some((p) => lengthOf(p) !== 2 || rowsOf(p).some((x) => typeof x !== 'number')))
        throw new TypeError(`${where}: obsIntervals must be [[start, stop], ...]`);
      row.obs_intervals = iv.map((p) => rowsOf(p));
    }
    if (row.electrode_group !== undefined && !(row.electrode_group instanceof ElectrodeGroup))
      throw new TypeError(`${where}: electrodeGroup must be an ElectrodeGroup`);
    let table: DynamicTable | undefined;
    if (row.electrodes !== undefined) {
      table = this.electrodeTable;
      if (!table) throw new RangeError(`${where}: electrodes were given but there is no electrodes table (add electrodes to the file first, or give Units an electrodeTable)`);
      const n = table.length;
      for (const i of rowsOf(row.electrodes))
        if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= n)
          throw new RangeError(`${where}: electrode index ${String(i)} is out of range for ${table.describe()} of length ${n}`);
    }
    this.addRow(row);
    const col = this.getColumn('electrodes');
    if (table && col instanceof DynamicTableRegion && !col.table) col.table = table;
  }

  /** The spike times of the unit at row i. */
  getUnitSpikeTimes(i: number): number[] {
    return this._cell(i, 'spike_times') as number[];
  }

  /** The observation intervals of the unit at row i. */
  getUnitObsIntervals(i: number): number[][] {
    return this._cell(i, 'obs_intervals') as number[][];
  }
}

// -------------------------------------------------------------------------------------- TimeIntervals

const INTERVAL_COLUMNS: readonly ColumnSpec[] = [
  { name: 'start_time', description: 'Start time of epoch, in seconds', required: true },
  { name: 'stop_time', description: 'Stop time of epoch, in seconds', required: true },
  { name: 'tags', description: 'user-defined tags', index: 1 },
  { name: 'timeseries', description: 'index into a TimeSeries object', index: 1, cls: 'TimeSeriesReferenceVectorData' },
];

export interface AddIntervalArgs {
  startTime: number;
  stopTime: number;
  /** Tags (a comma-separated string is split, as PyNWB does). */
  tags?: string | string[];
  /** The series this interval applies to; their sample range is computed from their timestamps or rate. */
  timeseries?: TimeSeries | TimeSeries[];
  id?: number;
  enforceUniqueId?: boolean;
  /** Values of added columns, by column name. */
  [column: string]: unknown;
}

/** Intervals of time: trials, epochs, invalid times, ... (core TimeIntervals). */
export class TimeIntervals extends DynamicTable {
  static readonly predefinedColumns: readonly ColumnSpec[] = INTERVAL_COLUMNS;

  constructor(args: Partial<DynamicTableArgs> & { name: string }) {
    checkArgs('TimeIntervals', args, ['description', 'id', 'columns', 'colnames'], [], ['description']);
    super({ ...args, description: args.description ?? 'experimental intervals' } as DynamicTableArgs, 'TimeIntervals', 'core');
  }

  /** Adds an interval (PyNWB add_interval). */
  addInterval(args: AddIntervalArgs): void {
    if (typeof args !== 'object' || args === null) throw new TypeError('addInterval: arguments must be an object');
    const where = `${this.describe()} addInterval`;
    const { startTime, stopTime, tags, timeseries, ...rest } = args;
    for (const [k, v] of [['startTime', startTime], ['stopTime', stopTime]] as const) {
      if (v === undefined || v === null) throw new TypeError(`${where}: '${k}' is required`);
      if (typeof v !== 'number') throw new TypeError(`${where}: ${k} must be a number`);
    }
    for (const k of ['start_time', 'stop_time', 'tags', 'timeseries'])
      if (k in rest) throw new TypeError(`${where}: give ${k} as ${k.replace(/_(\w)/, (_, c: string) => c.toUpperCase())}`);
    const row: Record<string, unknown> = { ...rest, start_time: startTime, stop_time: stopTime };
    if (tags !== undefined && tags !== null) {
      if (typeof tags === 'string') row.tags = tags.split(',').filter((s) => !/^\s+$/.test(s)).map((s) => s.trim());
      else if (Array.isArray(tags) && tags.every((t) => typeof t === 'string')) row.tags = tags.slice();
      else throw new TypeError(`${where}: tags must be a string or an array of strings`);
    }
    if (timeseries !== undefined && timeseries !== null && !(Array.isArray(timeseries) && timeseries.length === 0)) {
      const list = Array.isArray(timeseries) ? timeseries : [timeseries];
      row.timeseries = list.map((ts) => {
        if (!(ts instanceof TimeSeries)) throw new TypeError(`${where}: timeseries must be TimeSeries`);
        const [idxStart, count] = idxCount(startTime, stopTime, ts);
        return { idx_start: idxStart, count, timeseries: ts };
      });
    }
    this.addRow(row);
  }
}

function timestampsOf(ts: TimeSeries): unknown {
  const t = ts.get('timestamps');
  return t instanceof TimeSeries ? timestampsOf(t) : t;
}

/** The first sample and number of samples of a series within [start, stop) (PyNWB's rule). */
function idxCount(start: number, stop: number, ts: TimeSeries): [number, number] {
  const t0 = ts.get('starting_time') as number | undefined;
  const rate = ts.get('starting_time@rate') as number | undefined;
  let a: number;
  let b: number;
  if (t0 !== undefined && t0 !== null && rate !== undefined && rate !== null) {
    a = Math.trunc((start - t0) * rate);
    b = Math.trunc((stop - t0) * rate);
  } else {
    const t = rowsOf(timestampsOf(ts)).map(Number);
    if (t.length === 0) throw new RangeError(`${ts.describe()} must have timestamps or startingTime and rate`);
    a = bisectLeft(t, start);
    b = bisectLeft(t, stop);
  }
  return [a, b - a];
}

function bisectLeft(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ------------------------------------------------------------------------------------ AnnotationSeries

/** Timestamped text annotations (core AnnotationSeries; unit 'n/a', resolution -1). */
export class AnnotationSeries extends TimeSeries {
  constructor(args: { name: string; data?: unknown; timestamps?: unknown; description?: string; comments?: string }) {
    checkArgs('AnnotationSeries', args, ['data', 'timestamps', 'description', 'comments'], ['timestamps'], ['description', 'comments']);
    const data = args.data ?? [];
    const d = rowsOf(data);
    if (d.some((x) => typeof x !== 'string')) throw new TypeError(`AnnotationSeries '${args.name}': data must be strings`);
    if (lengthOf(data) !== lengthOf(args.timestamps))
      throw new RangeError(`AnnotationSeries '${args.name}': ${lengthOf(data)} annotations for ${lengthOf(args.timestamps)} timestamps`);
    super({ ...args, data, unit: 'n/a', resolution: -1.0 } as TimeSeriesArgs, 'AnnotationSeries');
  }

  /** Appends an annotation at a time. */
  addAnnotation(args: { time: number; annotation: string }): void {
    checkArgs('addAnnotation', args, ['time', 'annotation'], ['time', 'annotation'], ['annotation']);
    if (typeof args.time !== 'number') throw new TypeError('addAnnotation: time must be a number');
    this.fields.set('timestamps', appendRows(this.get('timestamps'), [args.time]));
    this.fields.set('data', appendRows(this.get('data'), [args.annotation]));
    this.markModified();
  }
}

// ----------------------------------------------------------------------------------------- ImageSeries

export interface ImageSeriesArgs extends Omit<TimeSeriesArgs, 'data' | 'unit'> {
  /** Frames: time by x by y (by z); or externalFile instead. */
  data?: unknown;
  /** Required with data (default 'unknown' without). */
  unit?: string;
  /** Format of the images: 'raw', 'external' (with externalFile), or an image format. */
  format?: string;
  /** Paths or URLs of external image files. */
  externalFile?: string[];
  /** The frame of the whole series each external file starts at (default [0] for one file). */
  startingFrame?: number[];
  /** Pixels on the x, y (and z) axes. */
  dimension?: number[];
  /** The device that captured the images (a link). */
  device?: Device;
}

const IS_MAP = { format: 'format', externalFile: 'external_file', startingFrame: 'external_file@starting_frame', dimension: 'dimension' };

/** Image frames over time, stored in the file or in external files (core ImageSeries). */
export class ImageSeries extends TimeSeries {
  declare format: string | undefined;
  declare externalFile: string[] | undefined;
  declare startingFrame: number[] | undefined;
  declare dimension: number[] | undefined;

  constructor(args: ImageSeriesArgs, type = 'ImageSeries', extra: Record<string, string> = {}, links: string[] = []) {
    if (typeof args !== 'object' || args === null) throw new TypeError(`${type}: arguments must be an object`);
    const name = `${type} '${args.name}'`;
    const a: Record<string, unknown> = { ...args };
    for (const l of ['device', ...links]) delete a[l];
    if (args.data !== undefined && args.data !== null && args.unit === undefined)
      throw new TypeError(`${name}: unit is required with data`);
    if ((args.externalFile === undefined || args.externalFile === null) && (args.data === undefined || args.data === null))
      throw new TypeError(`${name}: give data or externalFile`);
    if (args.data === undefined || args.data === null) a.data = { data: new Uint8Array(0), shape: [0, 0, 0] };
    if (args.unit === undefined) a.unit = 'unknown';
    if (args.externalFile !== undefined && args.externalFile !== null) {
      const files = Array.isArray(args.externalFile) ? args.externalFile : [];
      if (files.length === 0 || files.some((f) => typeof f !== 'string')) throw new TypeError(`${name}: externalFile must be an array of paths`);
      if (args.startingFrame === undefined && files.length === 1) a.startingFrame = [0];
      if (lengthOf(a.data) !== 0) throw new RangeError(`${name}: give data or externalFile, not both`);
      if (args.format === undefined) a.format = 'external';
      else if (args.format !== 'external') throw new RangeError(`${name}: format must be 'external' with externalFile`);
      if (a.startingFrame === undefined || lengthOf(a.startingFrame) !== files.length)
        throw new RangeError(`${name}: startingFrame must give the first frame of each of the ${files.length} external files`);
    } else if (args.startingFrame !== undefined) throw new TypeError(`${name}: startingFrame needs externalFile`);
    if (args.device !== undefined && !(args.device instanceof Device)) throw new TypeError(`${name}: device must be a Device`);
    super(a as unknown as TimeSeriesArgs, type, { ...IS_MAP, ...extra });
    if (args.device !== undefined) this.setLink('device', args.device);
  }

  /** The device (a link). */
  get device(): Device | undefined {
    return this.get('device') as Device | undefined;
  }
}
defineProps(ImageSeries, IS_MAP);

// ------------------------------------------------------------------------------------------------ ophys

/** An optical channel of an imaging plane (core OpticalChannel). */
export class OpticalChannel extends Container {
  declare description: string;
  declare emissionLambda: number;
  constructor(args: { name: string; description: string; emissionLambda: number }) {
    super('OpticalChannel', (args as { name?: string } | undefined)?.name as string);
    checkArgs('OpticalChannel', args, ['description', 'emissionLambda'], ['description', 'emissionLambda'], ['description']);
    if (typeof args.emissionLambda !== 'number') throw new TypeError(`OpticalChannel '${args.name}': emissionLambda must be a number`);
    assignArgs(this, args as unknown as Record<string, unknown>, OC_MAP);
  }
}
const OC_MAP = { description: 'description', emissionLambda: 'emission_lambda' };
defineProps(OpticalChannel, OC_MAP);

export interface ImagingPlaneArgs {
  name: string;
  opticalChannel: OpticalChannel | OpticalChannel[];
  description: string;
  device: Device;
  /** nm */
  excitationLambda: number;
  indicator: string;
  location: string;
  /** Hz */
  imagingRate?: number;
  manifold?: unknown;
  conversion?: number;
  unit?: string;
  referenceFrame?: string;
  originCoords?: unknown;
  originCoordsUnit?: string;
  gridSpacing?: unknown;
  gridSpacingUnit?: string;
}

const IP_MAP = {
  description: 'description', excitationLambda: 'excitation_lambda', imagingRate: 'imaging_rate', indicator: 'indicator',
  location: 'location', manifold: 'manifold', conversion: 'manifold@conversion', unit: 'manifold@unit',
  referenceFrame: 'reference_frame', originCoords: 'origin_coords', originCoordsUnit: 'origin_coords@unit',
  gridSpacing: 'grid_spacing', gridSpacingUnit: 'grid_spacing@unit',
};

/** An imaging plane and its optical channels (core ImagingPlane). */
export class ImagingPlane extends Container {
  declare description: string;
  declare excitationLambda: number;
  declare imagingRate: number | undefined;
  declare indicator: string;
  declare location: string;

  constructor(args: ImagingPlaneArgs) {
    super('ImagingPlane', (args as { name?: string } | undefined)?.name as string);
    const req = ['opticalChannel', 'description', 'device', 'excitationLambda', 'indicator', 'location'];
    checkArgs('ImagingPlane', args, [...Object.keys(IP_MAP), 'opticalChannel', 'device'], req, ['description', 'indicator', 'location', 'unit', 'referenceFrame', 'originCoordsUnit', 'gridSpacingUnit']);
    const where = `ImagingPlane '${args.name}'`;
    if (!(args.device instanceof Device)) throw new TypeError(`${where}: device must be a Device`);
    for (const k of ['excitationLambda', 'imagingRate', 'conversion'] as const)
      if (args[k] !== undefined && typeof args[k] !== 'number') throw new TypeError(`${where}: ${k} must be a number`);
    const channels = Array.isArray(args.opticalChannel) ? args.opticalChannel : [args.opticalChannel];
    if (channels.length === 0 || channels.some((c) => !(c instanceof OpticalChannel))) throw new TypeError(`${where}: opticalChannel must be one or more OpticalChannel`);
    const { opticalChannel: _o, device: _d, ...rest } = args;
    void _o;
    void _d;
    assignArgs(this, { conversion: 1.0, unit: 'meters', originCoordsUnit: 'meters', gridSpacingUnit: 'meters', ...rest } as Record<string, unknown>, IP_MAP);
    for (const c of channels) this.addChild('*', c);
    this.setLink('device', args.device);
  }

  /** The optical channels by name. */
  get opticalChannel(): Map<string, Container> {
    return this.children('*');
  }

  /** The device (a link). */
  get device(): Device | undefined {
    return this.get('device') as Device | undefined;
  }
}
defineProps(ImagingPlane, IP_MAP);

export interface TwoPhotonSeriesArgs extends ImageSeriesArgs {
  /** The imaging plane (a link). */
  imagingPlane: ImagingPlane;
  /** Width, height (and depth) of the imaged area, in meters. */
  fieldOfView?: number[];
  pmtGain?: number;
  scanLineRate?: number;
}

const TPS_MAP = { fieldOfView: 'field_of_view', pmtGain: '@pmt_gain', scanLineRate: '@scan_line_rate' };

/** Two-photon imaging data (core TwoPhotonSeries). */
export class TwoPhotonSeries extends ImageSeries {
  declare fieldOfView: number[] | undefined;
  declare pmtGain: number | undefined;
  declare scanLineRate: number | undefined;

  constructor(args: TwoPhotonSeriesArgs) {
    if (typeof args !== 'object' || args === null) throw new TypeError('TwoPhotonSeries: arguments must be an object');
    if (args.imagingPlane === undefined || args.imagingPlane === null) throw new TypeError("TwoPhotonSeries: 'imagingPlane' is required");
    if (!(args.imagingPlane instanceof ImagingPlane)) throw new TypeError(`TwoPhotonSeries '${args.name}': imagingPlane must be an ImagingPlane`);
    if (args.fieldOfView !== undefined) {
      const n = lengthOf(args.fieldOfView);
      if (n !== 2 && n !== 3) throw new RangeError(`TwoPhotonSeries '${args.name}': fieldOfView must have 2 or 3 values`);
    }
    super(args, 'TwoPhotonSeries', TPS_MAP, ['imagingPlane']);
    this.setLink('imaging_plane', args.imagingPlane);
  }

  /** The imaging plane (a link). */
  get imagingPlane(): ImagingPlane | undefined {
    return this.get('imaging_plane') as ImagingPlane | undefined;
  }
}
defineProps(TwoPhotonSeries, TPS_MAP);

// --------------------------------------------------------------------------------------------- behavior

export interface SpatialSeriesArgs extends Omit<TimeSeriesArgs, 'unit'> {
  /** What the zero position is, e.g. 'top-left corner of the arena'. */
  referenceFrame?: string;
  /** Default 'meters'. */
  unit?: string;
}

/** Positions (x, y, z at most) over time (core SpatialSeries). */
export class SpatialSeries extends TimeSeries {
  declare referenceFrame: string | undefined;

  constructor(args: SpatialSeriesArgs) {
    if (typeof args !== 'object' || args === null) throw new TypeError('SpatialSeries: arguments must be an object');
    if (args.referenceFrame !== undefined && typeof args.referenceFrame !== 'string') throw new TypeError(`SpatialSeries '${args.name}': referenceFrame must be a string`);
    const shape = args.data instanceof Container ? undefined : shapeOf(args.data);
    if (shape && (shape.length > 2 || (shape.length === 2 && shape[1] > 3)))
      throw new RangeError(`SpatialSeries '${args.name}': data of shape [${shape}]: give time by at most 3 columns (x, y, z)`);
    super({ ...args, unit: args.unit ?? 'meters' } as TimeSeriesArgs, 'SpatialSeries', { referenceFrame: 'reference_frame' });
  }
}
defineProps(SpatialSeries, { referenceFrame: 'reference_frame' });

/** Position of the subject over time (core Position): SpatialSeries by name. */
export class Position extends MultiContainerInterface {
  constructor(args: { name?: string; spatialSeries?: SpatialSeries | SpatialSeries[] } = {}) {
    objectArgs('Position', args, true);
    super('Position', args.name ?? 'Position');
    checkArgs('Position', args, ['spatialSeries']);
    const list = args.spatialSeries === undefined ? [] : Array.isArray(args.spatialSeries) ? args.spatialSeries : [args.spatialSeries];
    for (const s of list) this.add(s);
  }
  add(c: Container): Container {
    if (!(c instanceof SpatialSeries)) throw new TypeError(`${this.describe()} holds SpatialSeries only; got ${c instanceof Container ? c.describe() : typeof c}`);
    return super.add(c);
  }
  addSpatialSeries(s: SpatialSeries): SpatialSeries {
    return this.add(s) as SpatialSeries;
  }
  createSpatialSeries(args: SpatialSeriesArgs): SpatialSeries {
    return this.addSpatialSeries(new SpatialSeries(args));
  }
  getSpatialSeries(name?: string): SpatialSeries {
    return pickFrom(this.items, name, this.describe()) as SpatialSeries;
  }
  get spatialSeries(): Map<string, Container> {
    return this.items;
  }
}

// ------------------------------------------------------------------------------------- NWBFile verbs

/** The file's units table, created (as PyNWB does on first use) when `create`. */
export function unitsOf(file: Container, create: boolean): Units | undefined {
  let u = file.get('units');
  if ((u === undefined || u === null) && create) {
    u = new Units({ name: 'units', description: 'Autogenerated by NWBFile' });
    file.set('units', u);
  }
  if (u !== undefined && u !== null && !(u instanceof Units)) throw new TypeError(`${file.describe()}: units is not a Units table`);
  return (u ?? undefined) as Units | undefined;
}

const INTERVAL_TABLES: Record<string, string> = {
  'intervals/trials': 'experimental trials',
  'intervals/epochs': 'experimental epochs',
  'intervals/invalid_times': 'time intervals to be removed from analysis',
};

/** One of the file's interval tables (trials, epochs, invalid_times), created on first use. */
export function intervalsOf(file: Container, place: 'intervals/trials' | 'intervals/epochs' | 'intervals/invalid_times'): TimeIntervals {
  let t = file.get(place);
  if (t === undefined || t === null) {
    t = new TimeIntervals({ name: place.slice('intervals/'.length), description: INTERVAL_TABLES[place] });
    file.set(place, t);
  }
  if (!(t instanceof TimeIntervals)) throw new TypeError(`${file.describe()}: ${place} is not a TimeIntervals table`);
  return t;
}
