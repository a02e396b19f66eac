/**
 * Extracellular electrophysiology (NWB core ecephys): ElectrodeGroup, the electrodes table, ElectricalSeries,
 * SpikeEventSeries, LFP and FilteredEphys, and the NWBFile verbs that build the electrodes table as PyNWB does.
 */
import { Container } from './base';
import { Device, MultiContainerInterface, TimeSeries, TimeSeriesArgs } from './core';
import { assignArgs, defineProps } from './props';
import { checkArgs, ColumnSpec, DynamicTable, DynamicTableRegion, lengthOf, shapeOf } from './table';

// ------------------------------------------------------------------------------------- ElectrodeGroup

export interface ElectrodeGroupArgs {
  name: string;
  description: string;
  location: string;
  /** The device (a schema link: written as a soft link to the device in /general/devices). */
  device: Device;
  /** Stereotaxic position [x, y, z] (or { x, y, z }), written as a scalar compound. */
  position?: [number, number, number] | number[] | { x: number; y: number; z: number };
}

const EG_MAP = { description: '@description', location: '@location', position: 'position' };

/** A group of electrodes, e.g. the channels of one shank (core ElectrodeGroup). */
export class ElectrodeGroup extends Container {
  declare description: string;
  declare location: string;
  declare position: { x: number; y: number; z: number } | undefined;

  constructor(args: ElectrodeGroupArgs) {
    super('ElectrodeGroup', (args as { name?: string } | undefined)?.name as string);
    checkArgs('ElectrodeGroup', args, ['description', 'location', 'device', 'position'], ['description', 'location', 'device'], ['description', 'location']);
    if (!(args.device instanceof Device)) throw new TypeError(`ElectrodeGroup '${args.name}': device must be a Device`);
    const a: Record<string, unknown> = { description: args.description, location: args.location };
    if (args.position !== undefined) a.position = toPosition(args.position, args.name);
    assignArgs(this, a, EG_MAP);
    this.setLink('device', args.device);
  }

  /** The device (a link). */
  get device(): Device | undefined {
    return this.get('device') as Device | undefined;
  }
}
defineProps(ElectrodeGroup, EG_MAP);

function toPosition(p: unknown, name: string): { x: number; y: number; z: number } {
  let xyz: unknown[];
  if (Array.isArray(p) || ArrayBuffer.isView(p)) xyz = Array.from(p as ArrayLike<unknown>);
  else if (typeof p === 'object' && p !== null) xyz = [(p as { x?: unknown }).x, (p as { y?: unknown }).y, (p as { z?: unknown }).z];
  else xyz = [];
  if (xyz.length !== 3 || xyz.some((v) => typeof v !== 'number' || !Number.isFinite(v)))
    throw new RangeError(`ElectrodeGroup '${name}': position must have three numbers: x, y, z`);
  return { x: xyz[0] as number, y: xyz[1] as number, z: xyz[2] as number };
}

// ------------------------------------------------------------------------------------ ElectrodesTable

/** The electrodes table's columns, with the descriptions PyNWB writes. */
export const ELECTRODE_COLUMNS: readonly ColumnSpec[] = [
  { name: 'location', description: 'the location of channel within the subject e.g. brain region', required: true },
  { name: 'group', description: 'a reference to the ElectrodeGroup this electrode is a part of', required: true },
  { name: 'group_name', description: 'the name of the ElectrodeGroup this electrode is a part of', required: true },
  { name: 'x', description: 'the x coordinate of the position (+x is posterior)' },
  { name: 'y', description: 'the y coordinate of the position (+y is inferior)' },
  { name: 'z', description: 'the z coordinate of the position (+z is right)' },
  { name: 'imp', description: 'the impedance of the electrode, in ohms' },
  { name: 'filtering', description: 'description of hardware filtering, including the filter name and frequency cutoffs' },
  { name: 'rel_x', description: 'the x coordinate within the electrode group' },
  { name: 'rel_y', description: 'the y coordinate within the electrode group' },
  { name: 'rel_z', description: 'the z coordinate within the electrode group' },
  { name: 'reference', description: 'Description of the reference electrode and/or reference scheme used for this electrode, e.g., "stainless steel skull screw" or "online common average referencing".' },
];

/**
 * The table of all electrodes (channels) at /general/extracellular_ephys/electrodes. NWB 2.9.0 types it
 * ElectrodesTable (core); PyNWB 2.8 wrote a plain DynamicTable with the same columns, which reads as a
 * DynamicTable and works with the same verbs.
 */
export class ElectrodesTable extends DynamicTable {
  static readonly predefinedColumns: readonly ColumnSpec[] = ELECTRODE_COLUMNS;

  constructor(args: { id?: unknown; columns?: DynamicTable['columns']; colnames?: string[] } = {}) {
    checkArgs('ElectrodesTable', args, ['id', 'columns', 'colnames']);
    if ('name' in args) throw new TypeError("ElectrodesTable: the name is always 'electrodes'");
    super({ name: 'electrodes', description: 'metadata about extracellular electrodes', ...args }, 'ElectrodesTable', 'core');
  }
}

// ---------------------------------------------------------------------------------- ElectricalSeries

export interface ElectricalSeriesArgs extends Omit<TimeSeriesArgs, 'unit'> {
  /** The electrodes (rows of the electrodes table) the channels were recorded from. */
  electrodes: DynamicTableRegion;
  /** Per-channel conversion factors (multiplied with `conversion` to get volts). */
  channelConversion?: unknown;
  /** Filtering applied to all channels, e.g. 'High-pass 4-pole Bessel filter at 500 Hz'. */
  filtering?: string;
}

const ES_MAP = { electrodes: 'electrodes', channelConversion: 'channel_conversion', filtering: '@filtering' };

/** Voltages recorded from extracellular electrodes, time by channel; unit fixed to volts (core ElectricalSeries). */
export class ElectricalSeries extends TimeSeries {
  declare electrodes: DynamicTableRegion;
  declare channelConversion: unknown;
  declare filtering: string | undefined;

  constructor(args: ElectricalSeriesArgs, type = 'ElectricalSeries', extra: Record<string, string> = {}) {
    checkElectrical(type, args, type === 'SpikeEventSeries' ? 3 : 2);
    super({ ...args, unit: 'volts' } as TimeSeriesArgs, type, { ...ES_MAP, ...extra });
  }
}
defineProps(ElectricalSeries, ES_MAP);

function checkElectrical(type: string, args: ElectricalSeriesArgs, channelDims: number): void {
  if (typeof args !== 'object' || args === null) throw new TypeError(`${type}: arguments must be an object`);
  const name = `${type} '${args.name}'`;
  if ('unit' in args) throw new TypeError(`${name}: unit is fixed to 'volts' (give conversion to scale the data)`);
  if (args.electrodes === undefined || args.electrodes === null) throw new TypeError(`${type}: 'electrodes' is required`);
  if (!(args.electrodes instanceof DynamicTableRegion))
    throw new TypeError(`${name}: electrodes must be a DynamicTableRegion (see NWBFile.createElectrodeTableRegion)`);
  if (args.filtering !== undefined && typeof args.filtering !== 'string') throw new TypeError(`${name}: filtering must be a string`);
  const n = args.electrodes.length;
  const shape = args.data instanceof Container ? undefined : shapeOf(args.data);
  // The channels are the second axis (PyNWB warns; nwbinspector calls a mismatch critical).
  if (shape && shape.length === channelDims && shape[1] !== n) {
    const hint = shape[0] === n ? ' but the first does: the data should be transposed (time first)' : '';
    throw new RangeError(`${name}: the second dimension of data (${shape[1]}) does not match the number of electrodes (${n})${hint}`);
  }
  if (args.channelConversion !== undefined && args.channelConversion !== null) {
    const m = lengthOf(args.channelConversion);
    if (m !== n) throw new RangeError(`${name}: channelConversion has ${m} values for ${n} electrodes`);
  }
}

export interface SpikeEventSeriesArgs extends Omit<ElectricalSeriesArgs, 'rate' | 'startingTime' | 'channelConversion' | 'filtering'> {
  /** Event times (required: one per event). */
  timestamps: unknown;
}

/** Snapshots of spike events, events by channel by sample (core SpikeEventSeries). */
export class SpikeEventSeries extends ElectricalSeries {
  constructor(args: SpikeEventSeriesArgs) {
    checkArgs('SpikeEventSeries', args, ['data', 'timestamps', 'electrodes', 'resolution', 'conversion', 'offset', 'comments', 'description', 'control', 'controlDescription', 'continuity'], ['data', 'timestamps', 'electrodes']);
    if (!(args.data instanceof Container) && !(args.timestamps instanceof Container)) {
      const d = shapeOf(args.data);
      const t = shapeOf(args.timestamps);
      if (d && t && d.length > 0 && t.length > 0 && d[0] !== t[0])
        throw new RangeError(`SpikeEventSeries '${args.name}': must provide the same number of timestamps (${t[0]}) and spike events (${d[0]})`);
    }
    super(args as ElectricalSeriesArgs, 'SpikeEventSeries');
  }
}

// --------------------------------------------------------------------------------- LFP, FilteredEphys

type SeriesList = ElectricalSeries | ElectricalSeries[];

class ElectricalSeriesCollection extends MultiContainerInterface {
  constructor(type: string, args: { name?: string; electricalSeries?: SeriesList } | undefined) {
    const a = args ?? {};
    super(type, a.name ?? type);
    checkArgs(type, a, ['electricalSeries']);
    const list = a.electricalSeries === undefined ? [] : Array.isArray(a.electricalSeries) ? a.electricalSeries : [a.electricalSeries];
    for (const es of list) this.add(es);
  }
  /** Adds an ElectricalSeries (only ElectricalSeries are accepted). */
  add(c: Container): Container {
    if (!(c instanceof ElectricalSeries)) throw new TypeError(`${this.describe()} holds ElectricalSeries only; got ${c instanceof Container ? c.describe() : typeof c}`);
    return super.add(c);
  }
  addElectricalSeries(es: ElectricalSeries): ElectricalSeries {
    return this.add(es) as ElectricalSeries;
  }
  createElectricalSeries(args: ElectricalSeriesArgs): ElectricalSeries {
    return this.addElectricalSeries(new ElectricalSeries(args));
  }
  getElectricalSeries(name?: string): ElectricalSeries {
    return pickFrom(this.items, name, this.describe()) as ElectricalSeries;
  }
  get electricalSeries(): Map<string, Container> {
    return this.items;
  }
}

/** LFP data from one or more channels (core LFP): ElectricalSeries by name. */
export class LFP extends ElectricalSeriesCollection {
  constructor(args?: { name?: string; electricalSeries?: SeriesList }) {
    super('LFP', args);
  }
}

/** Filtered ephys data, e.g. theta or gamma bands (core FilteredEphys): ElectricalSeries by name. */
export class FilteredEphys extends ElectricalSeriesCollection {
  constructor(args?: { name?: string; electricalSeries?: SeriesList }) {
    super('FilteredEphys', args);
  }
}

export function pickFrom(m: Map<string, Container>, name: string | undefined, what: string): Container {
  if (name === undefined) {
    if (m.size === 1) return [...m.values()][0];
    throw new RangeError(`${what} holds ${m.size} objects; name the one you want`);
  }
  const c = m.get(name);
  if (!c) throw new RangeError(`no '${name}' in ${what} (there are: ${[...m.keys()].join(', ') || 'none'})`);
  return c;
}

// ------------------------------------------------------------------------------------- NWBFile verbs

/** Where NWBFile keeps them. */
const ELECTRODES = 'general/extracellular_ephys/electrodes';
const ELECTRODE_GROUPS = 'general/extracellular_ephys/*';

/** The file's electrodes table, created (as PyNWB does on first use) when `create`. */
export function electrodesOf(file: Container, create: boolean): DynamicTable | undefined {
  let t = file.get(ELECTRODES);
  if ((t === undefined || t === null) && create) {
    t = new ElectrodesTable();
    file.set(ELECTRODES, t);
  }
  if (t !== undefined && t !== null && !(t instanceof DynamicTable)) throw new TypeError(`${file.describe()}: the electrodes table is not a DynamicTable`);
  return (t ?? undefined) as DynamicTable | undefined;
}

export function createElectrodeGroup(file: Container, args: ElectrodeGroupArgs): ElectrodeGroup {
  const g = new ElectrodeGroup(args);
  file.addChild(ELECTRODE_GROUPS, g);
  return g;
}

export interface AddElectrodeArgs {
  location: string;
  group: ElectrodeGroup;
  /** Default: the group's name. */
  groupName?: string;
  x?: number;
  y?: number;
  z?: number;
  imp?: number;
  filtering?: string;
  relX?: number;
  relY?: number;
  relZ?: number;
  reference?: string;
  /** Default: the row number. */
  id?: number;
  /** Refuse an id already in the table (default true, as PyNWB). */
  enforceUniqueId?: boolean;
  /** Values of columns added with addElectrodeColumn, by column name. */
  [column: string]: unknown;
}

const ELECTRODE_ARGS: Record<string, string> = { groupName: 'group_name', relX: 'rel_x', relY: 'rel_y', relZ: 'rel_z' };
const OPTIONAL_ELECTRODE_COLUMNS = ['x', 'y', 'z', 'imp', 'filtering', 'rel_x', 'rel_y', 'rel_z', 'reference'];

export function addElectrode(file: Container, args: AddElectrodeArgs): void {
  if (typeof args !== 'object' || args === null) throw new TypeError('addElectrode: arguments must be an object');
  for (const n of ['location', 'group'])
    if (args[n] === undefined || args[n] === null) throw new TypeError(`addElectrode: '${n}' is required`);
  if (typeof args.location !== 'string') throw new TypeError('addElectrode: location must be a string');
  if (!(args.group instanceof ElectrodeGroup)) throw new TypeError('addElectrode: group must be an ElectrodeGroup');
  for (const k of ['x', 'y', 'z', 'imp', 'relX', 'relY', 'relZ'])
    if (args[k] !== undefined && args[k] !== null && typeof args[k] !== 'number') throw new TypeError(`addElectrode: ${k} must be a number`);
  const row: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) {
    if (v === undefined || v === null) continue;
    const col = ELECTRODE_ARGS[k] ?? k;
    if (col in row) throw new TypeError(`addElectrode: '${k}' given twice`);
    row[col] = v;
  }
  row.group_name ??= args.group.name;
  row.enforceUniqueId ??= true;
  const table = electrodesOf(file, true)!;
  if (!(table instanceof ElectrodesTable)) {
    // A plain DynamicTable (as PyNWB 2.8 wrote): the standard columns are added as PyNWB adds them.
    for (const c of ELECTRODE_COLUMNS)
      if (OPTIONAL_ELECTRODE_COLUMNS.includes(c.name) && row[c.name] !== undefined && !table.hasColumn(c.name))
        table.addColumn({ name: c.name, description: c.description });
  }
  table.addRow(row);
}

export function addElectrodeColumn(file: Container, args: Parameters<DynamicTable['addColumn']>[0]): void {
  electrodesOf(file, true)!.addColumn(args);
}

export function createElectrodeTableRegion(file: Container, args: { region: number[]; description: string; name?: string }): DynamicTableRegion {
  checkArgs('createElectrodeTableRegion', args, ['region', 'description'], ['region', 'description'], ['description']);
  const table = electrodesOf(file, false);
  if (!table) throw new RangeError('no electrodes available: add electrodes before creating a region');
  if (!Array.isArray(args.region)) throw new TypeError('createElectrodeTableRegion: region must be an array of row indices');
  return table.createRegion({ name: args.name ?? 'electrodes', region: args.region, description: args.description });
}
