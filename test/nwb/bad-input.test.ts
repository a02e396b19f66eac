/**
 * Bad input: missing required fields, wrong dtypes and shapes, duplicate names, table columns of the wrong length,
 * regions and indexes out of range, unknown types, names with '/', wrong types and links, fixed values, broken
 * files. Each is reported by validate() with its code, path and field; write() refuses the tree before anything
 * is written (an existing file stays as it was); where HDMF's validator judges the same thing, the file written
 * anyway ({ validate: false }) or broken on disk with h5py is reported by HDMF too.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  Container, Device, DynamicTable, ElectricalSeries, ElectrodeGroup, Hdf5Error, ImagingPlane, LFP, NWBFile, NWBHDF5IO,
  NWBValidationError, OpticalChannel, SpatialSeries, TimeSeries, validate, VectorData, VectorIndex,
} from '../../lib';
import type { DynamicTableRegion, ValidationError } from '../../lib';
import { copyFixtures, hdmfValidate, py, thrown, tmpDir } from '../helpers';

const { dir, file } = tmpDir('nwb-bad-input');
copyFixtures(dir);
const fx = (n: string) => path.join(dir, n);

const START = '2024-01-02T03:04:05.123456-08:00';

/** A small valid file: two series, a device, an electrode group, four electrodes, an ElectricalSeries, units. */
function base() {
  const f = new NWBFile({ identifier: 'bad-input', sessionDescription: 'bad input', sessionStartTime: START, keywords: ['k'] });
  const ts = new TimeSeries({ name: 'ts1', data: Float64Array.of(1, 2, 3), unit: 'V', timestamps: Float64Array.of(0, 1, 2) });
  const rated = new TimeSeries({ name: 'ts2', data: Int16Array.of(1, 2, 3), unit: 'V', rate: 10 });
  f.addAcquisition(ts);
  f.addAcquisition(rated);
  const probe = f.createDevice({ name: 'probe', description: 'probe' });
  const shank = f.createElectrodeGroup({ name: 'shank0', description: 'shank', location: 'CA1', device: probe });
  f.addElectrodeColumn({ name: 'label', description: 'label' });
  for (let i = 0; i < 4; i++) f.addElectrode({ location: 'CA1', group: shank, x: i, label: `ch${i}` });
  const es = new ElectricalSeries({
    name: 'raw', data: [[1, 2, 3, 4], [5, 6, 7, 8]], rate: 100, electrodes: f.createElectrodeTableRegion({ region: [0, 1, 2, 3], description: 'all' }),
  });
  f.addAcquisition(es);
  f.addUnit({ spikeTimes: [0.1, 0.2], electrodes: [0] });
  f.addUnit({ spikeTimes: [0.3], electrodes: [1] });
  return { f, ts, rated, probe, shank, es };
}

/** The errors by path (then code): the order of the walk is not part of the contract. */
const sorted = (errors: ValidationError[]) => [...errors].sort((a, b) => `${a.path} ${a.code}`.localeCompare(`${b.path} ${b.code}`));
/** [code, path, type, field] of each error, by path. */
const rows = (errors: ValidationError[]) => sorted(errors).map((e) => [e.code, e.path, e.type, e.field]);
/** The messages, by path. */
const messages = (errors: ValidationError[]) => sorted(errors).map((e) => e.message);

/**
 * write() refuses the tree: NWBValidationError (ERR_NWB_INVALID) with the errors validate() gives, its message
 * naming the first object and field, and nothing written (the 'w' file stays empty). Returns the errors.
 */
function refused(f: NWBFile, name: string): ValidationError[] {
  const expected = validate(f);
  const p = file(`refused-${name}`);
  const io = new NWBHDF5IO(p, 'w');
  const e = thrown(() => io.write(f));
  io.close();
  expect(e).toBeInstanceOf(NWBValidationError);
  expect(e.code).toBe('ERR_NWB_INVALID');
  expect(e.errors).toEqual(expected);
  expect(e.message).toContain(`${expected[0].path}: ${expected[0].type}`);
  if (expected[0].field) expect(e.message).toContain(`'${expected[0].field}'`);
  expect(e.message).toContain(expected[0].message);
  expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps(list(f.keys()) + list(f.attrs.keys())))`, p)).toEqual([]);
  return expected;
}

/** Writes the invalid tree anyway and returns what validate(path) and HDMF say about the file. */
function writtenAnyway(f: NWBFile, name: string): { ours: unknown[][]; hdmf: string[] } {
  const p = file(`anyway-${name}`);
  const io = new NWBHDF5IO(p, 'w');
  io.write(f, { validate: false });
  io.close();
  return { ours: rows(validate(p)), hdmf: hdmfValidate(p) };
}

describe('missing required fields', () => {
  test('an NWBFile without session_description', () => {
    const { f } = base();
    f.sessionDescription = undefined as never;
    expect(rows(refused(f, 'no-description.nwb'))).toEqual([['MISSING_REQUIRED', '/session_description', 'NWBFile', 'session_description']]);
    const { ours, hdmf } = writtenAnyway(f, 'no-description.nwb');
    expect(ours).toEqual([['MISSING_REQUIRED', '/session_description', 'NWBFile', 'session_description']]);
    expect(hdmf).toEqual([expect.stringMatching(/^root\/session_description .*argument missing/)]);
  });

  test('a TimeSeries without data; a data without its unit', () => {
    const { f, ts, rated } = base();
    ts.data = undefined;
    rated.set('data@unit', undefined);
    expect(rows(refused(f, 'no-data.nwb'))).toEqual([
      ['MISSING_REQUIRED', '/acquisition/ts1/data', 'TimeSeries', 'data'],
      ['MISSING_REQUIRED', '/acquisition/ts2/data', 'TimeSeries', 'data@unit'],
    ]);
    const { ours, hdmf } = writtenAnyway(f, 'no-data.nwb');
    expect(ours).toEqual(rows(validate(f)));
    expect(hdmf).toEqual(expect.arrayContaining([
      expect.stringMatching(/TimeSeries\/data \(acquisition\/ts1\): argument missing/),
      expect.stringMatching(/TimeSeries\/data\/unit \(acquisition\/ts2\/data\): argument missing/),
    ]));
  });

  test('an ImagingPlane without optical channels, an ElectrodeGroup without its device, an LFP without series', () => {
    const { f, shank, probe } = base();
    const plane = new ImagingPlane({
      name: 'plane', description: 'plane', device: probe, excitationLambda: 920, indicator: 'GCaMP6f', location: 'V1',
      opticalChannel: new OpticalChannel({ name: 'green', description: 'green', emissionLambda: 510 }),
    });
    f.addImagingPlane(plane);
    plane.children('*').clear();
    shank.setLink('device', undefined);
    f.createProcessingModule({ name: 'ecephys', description: 'processed' }).add(new LFP());
    expect(rows(refused(f, 'no-members.nwb'))).toEqual([
      ['MISSING_REQUIRED', '/general/extracellular_ephys/shank0/device', 'ElectrodeGroup', 'device'],
      ['MISSING_REQUIRED', '/general/optophysiology/plane', 'ImagingPlane', '*'],
      ['MISSING_REQUIRED', '/processing/ecephys/LFP', 'LFP', '*'],
    ]);
    const { hdmf } = writtenAnyway(f, 'no-members.nwb');
    expect(hdmf).toEqual(expect.arrayContaining([
      expect.stringMatching(/ElectrodeGroup .*general\/extracellular_ephys\/shank0.*missing data type Device/i),
      expect.stringMatching(/ImagingPlane .*general\/optophysiology\/plane.*missing data type OpticalChannel/i),
      expect.stringMatching(/LFP .*processing\/ecephys\/LFP.*missing data type ElectricalSeries/i),
    ]));
  });
});

describe('wrong dtypes', () => {
  test('text where float64 is required (timestamps), text where a float rate is required, floats where ints are', () => {
    const { f, ts, rated } = base();
    ts.timestamps = ['zero', 'one', 'two'];
    rated.rate = 'fast' as never;
    f.units!.id.data = [0.5, 1.5];
    const expected = [
      ['WRONG_DTYPE', '/acquisition/ts1/timestamps', 'TimeSeries', 'timestamps'],
      ['WRONG_DTYPE', '/acquisition/ts2/starting_time', 'TimeSeries', 'starting_time@rate'],
      ['WRONG_DTYPE', '/units/id', 'ElementIdentifiers', 'data'],
    ];
    expect(rows(refused(f, 'dtypes.nwb'))).toEqual(expected);
    expect(messages(validate(f))).toEqual([
      "'timestamps' is text where float64 is required",
      "the attribute 'rate' is text where float32 is required",
      "'data' is the float 0.5 where int is required",
    ]);
    // The writer cannot store these at all (it would stop half way); the same mistakes made on disk with h5py:
    const p = file('dtypes-on-disk.nwb');
    const io = new NWBHDF5IO(p, 'w');
    io.write(base().f);
    io.close();
    py(`f = h5py.File(sys.argv[1], 'a')
del f['acquisition/ts1/timestamps']
f['acquisition/ts1'].create_dataset('timestamps', data=['zero', 'one', 'two'], dtype=h5py.string_dtype())
f['acquisition/ts1/timestamps'].attrs.update({'interval': np.int32(1), 'unit': 'seconds'})
f['acquisition/ts2/starting_time'].attrs['rate'] = 'fast'
del f['units/id']
f['units'].create_dataset('id', data=np.array([0.5, 1.5]))
f['units/id'].attrs.update({'namespace': 'hdmf-common', 'neurodata_type': 'ElementIdentifiers', 'object_id': 'f0000000-0000-4000-8000-000000000000'})
print(1)`, p);
    expect(rows(validate(p))).toEqual(expected);
    expect(hdmfValidate(p).sort()).toEqual([
      expect.stringMatching(/ElementIdentifiers .*units\/id.*incorrect type - expected 'int', got 'float64'/),
      expect.stringMatching(/TimeSeries\/starting_time\/rate .*incorrect type - expected 'float32', got 'utf'/),
      expect.stringMatching(/TimeSeries\/timestamps .*incorrect type - expected 'float64', got 'utf'/),
      expect.stringMatching(/Units\/id .*incorrect type - expected 'int', got 'float64'/), // (as the Units member, again)
    ]);
  });

  test('float32 timestamps are widened to the float64 the spec requires, as PyNWB does; both validators agree', () => {
    const { f, ts } = base();
    ts.timestamps = Float32Array.of(0, 1, 2);
    expect(validate(f)).toEqual([]);
    const { ours, hdmf } = writtenAnyway(f, 'float32.nwb');
    expect(ours).toEqual([]);
    expect(hdmf).toEqual([]);
    expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps(str(f['acquisition/ts1/timestamps'].dtype)))`, file('anyway-float32.nwb'))).toBe('float64');
  });

  test('a datetime that is not ISO-8601; references to objects of the wrong type', () => {
    const { f, probe } = base();
    f.set('session_start_time', 'yesterday');
    const group = f.electrodes!.getColumn('group') as VectorData;
    group.data = [probe, probe, probe, probe];
    expect(rows(refused(f, 'datetime.nwb'))).toEqual([
      ['WRONG_TYPE', '/general/extracellular_ephys/electrodes/group', 'VectorData', 'data'],
      ['WRONG_DTYPE', '/session_start_time', 'NWBFile', 'session_start_time'],
    ]);
    expect(messages(validate(f))).toEqual([
      "'data' refers to Device 'probe' where an object of type ElectrodeGroup is required",
      "'session_start_time' is 'yesterday' where an ISO-8601 datetime (date, time and offset) is required",
    ]);
    const { hdmf } = writtenAnyway(f, 'datetime.nwb');
    expect(hdmf).toEqual(expect.arrayContaining([expect.stringMatching(/session_start_time .*expected 'isodatetime', got 'utf'/)]));
  });
});

describe('wrong shapes', () => {
  test('2-D timestamps, a SpatialSeries of 4 columns, 4-D ElectricalSeries data, a scalar where an array is required, ragged rows', () => {
    const { f, ts, es } = base();
    ts.timestamps = [[0, 1], [1, 2], [2, 3]];
    const xy = new SpatialSeries({ name: 'xy', data: [[1, 2]], rate: 1 });
    f.addAcquisition(xy);
    xy.data = [[1, 2, 3, 4]];
    es.data = { data: new Float32Array(2 * 4 * 2 * 2), shape: [2, 4, 2, 2] };
    f.set('general/keywords', 'just one');
    f.addAcquisition(new TimeSeries({ name: 'ragged', data: [[1, 2], [3]], unit: 'V', rate: 1 }));
    expect(rows(refused(f, 'shapes.nwb'))).toEqual([
      ['WRONG_SHAPE', '/acquisition/ragged/data', 'TimeSeries', 'data'],
      ['WRONG_SHAPE', '/acquisition/raw/data', 'ElectricalSeries', 'data'],
      ['WRONG_SHAPE', '/acquisition/ts1/timestamps', 'TimeSeries', 'timestamps'],
      ['WRONG_SHAPE', '/acquisition/xy/data', 'SpatialSeries', 'data'],
      ['WRONG_SHAPE', '/general/keywords', 'NWBFile', 'general/keywords'],
    ]);
    expect(messages(validate(f))).toEqual([
      "'data' is a ragged nested array (rows of different lengths)",
      "'data' has the shape [2, 4, 2, 2] where [any] or [any, any] or [any, any, any] is required",
      "'timestamps' has the shape [3, 2] where [any] is required",
      "'data' has the shape [1, 4] where [any] or [any, 1] or [any, 2] or [any, 3] is required",
      "'general/keywords' is a scalar where an array of shape [any] is required",
    ]);
    f.acquisition.delete('ragged'); // the writer cannot store ragged rows at all
    const { ours, hdmf } = writtenAnyway(f, 'shapes.nwb');
    expect(ours).toEqual(rows(validate(f)));
    expect(hdmf).toEqual(expect.arrayContaining([
      expect.stringMatching(/general\/keywords .*expected an array of shape '\[None\]'/),
      expect.stringMatching(/TimeSeries\/timestamps .*incorrect shape - expected '\[None\]', got '\(3, 2\)'/),
      expect.stringMatching(/ElectricalSeries\/data .*incorrect shape .*got '\(2, 4, 2, 2\)'/),
      expect.stringMatching(/SpatialSeries\/data .*incorrect shape .*got '\(1, 4\)'/),
    ]));
  });

  test('a 3-D electrode x fits the spec: both validators accept it (VectorData allows 1 to 4 dimensions)', () => {
    // ElectrodesTable.x in NWB 2.9.0 is a VectorData of float32 without a shape of its own, so VectorData's shapes
    // ([n], [n, a], [n, a, b], [n, a, b, c]) apply. Only the number of rows is checked (next test).
    const { f } = base();
    (f.electrodes!.getColumn('x') as VectorData).data = { data: new Float32Array(4 * 2 * 2), shape: [4, 2, 2] };
    expect(validate(f)).toEqual([]);
    const { ours, hdmf } = writtenAnyway(f, 'x3d.nwb');
    expect([ours, hdmf]).toEqual([[], []]);
  });
});

describe('tables', () => {
  test('columns of the wrong length (directly and through an index); colnames naming a column twice or a missing one', () => {
    const { f } = base();
    (f.electrodes!.getColumn('label') as VectorData).data = ['ch0', 'ch1', 'ch2'];
    const index = f.units!.getIndex('spike_times')!;
    index.data = [2];
    const t = new DynamicTable({ name: 'cells', description: 'cells', columns: [new VectorData({ name: 'a', description: 'a', data: [1, 2] })] });
    f.addAnalysis(t);
    t.set('@colnames', ['a', 'a', 'b']);
    expect(rows(refused(f, 'tables.nwb'))).toEqual([
      ['DUPLICATE_NAME', '/analysis/cells', 'DynamicTable', '@colnames'],
      ['MISSING_REQUIRED', '/analysis/cells/b', 'DynamicTable', '@colnames'],
      ['TABLE_LENGTH', '/general/extracellular_ephys/electrodes/label', 'ElectrodesTable', 'label'],
      ['TABLE_LENGTH', '/units/spike_times_index', 'Units', 'spike_times'],
    ]);
    expect(messages(validate(f)).slice(2)).toEqual([
      "the column 'label' has 3 rows; the table has 4 ids",
      "the column 'spike_times' has 1 rows (through spike_times_index); the table has 2 ids",
    ]);
  });

  test('a region index out of range; an index that decreases or runs past its target', () => {
    const { f, es } = base();
    es.electrodes.data = [0, 1, 2, 4];
    const col = new VectorData({ name: 'v', description: 'v', data: [1, 2, 3] });
    const t = new DynamicTable({ name: 'ragged', description: 'r', columns: [col, new VectorIndex({ name: 'v_index', data: [1, 3], target: col })] });
    f.addAnalysis(t);
    (t.getIndex('v') as VectorIndex).data = [2, 1];
    const units = f.units!;
    (units.getColumn('electrodes') as DynamicTableRegion).data = [0, -1];
    units.getIndex('spike_times')!.data = [2, 5];
    expect(rows(refused(f, 'regions.nwb'))).toEqual([
      ['BAD_REGION', '/acquisition/raw/electrodes', 'DynamicTableRegion', 'data'],
      ['BAD_INDEX', '/analysis/ragged/v_index', 'VectorIndex', 'data'],
      ['BAD_REGION', '/units/electrodes', 'DynamicTableRegion', 'data'],
      ['BAD_INDEX', '/units/spike_times_index', 'VectorIndex', 'data'],
    ]);
    expect(messages(validate(f))).toEqual([
      "the row index 4 is outside ElectrodesTable 'electrodes', which has 4 rows",
      'the index decreases at row 1 (2 then 1); it must hold cumulative end offsets',
      "the row index -1 is outside ElectrodesTable 'electrodes', which has 4 rows",
      "the index ends at 5, past the end of VectorData 'spike_times' (length 3)",
    ]);
  });
});

test('integer TypedArray indexes (checked by comparing with a sorted copy): refused when they decrease or are negative, at any length', () => {
  const col = new VectorData({ name: 'v', description: 'v', data: new Float64Array(70_000) });
  const mk = (data: unknown) => () => new VectorIndex({ name: 'v_index', data, target: col });
  expect(mk(Uint32Array.of(2, 1, 70_000))).toThrow(/data must be ascending non-negative integers/);
  expect(mk(Int32Array.of(-1, 3, 70_000))).toThrow(/data must be ascending non-negative integers/);
  expect(mk(Uint8Array.of(0, 0))).toThrow(/the last offset \(0\) must equal the length of 'v' \(70000\)/);
  // Longer than 65,536 offsets: the loop path.
  const long = Uint32Array.from({ length: 70_000 }, (_, i) => i + 1);
  expect(mk(long)).not.toThrow();
  const bent = long.slice();
  bent[66_000] = 5;
  expect(mk(bent)).toThrow(/data must be ascending non-negative integers/);
  // Changed after construction: the validator names the row (and the sorted-copy check does not hide it).
  const { f } = base();
  const t = new DynamicTable({ name: 'ragged', description: 'r', columns: [col, new VectorIndex({ name: 'v_index', data: long, target: col })] });
  f.addAnalysis(t);
  expect(validate(f)).toEqual([]);
  (t.getIndex('v') as VectorIndex).data = bent;
  expect(messages(validate(f))).toEqual(['the index decreases at row 66000 (66000 then 5); it must hold cumulative end offsets']);
  (t.getIndex('v') as VectorIndex).data = Uint16Array.of(3, 1); // (also too short for the table's 70,000 rows)
  expect(messages(validate(f))).toContain('the index decreases at row 1 (3 then 1); it must hold cumulative end offsets');
  const past = Uint32Array.from(long);
  past[past.length - 1] = 70_001;
  (t.getIndex('v') as VectorIndex).data = past;
  expect(messages(validate(f))).toEqual(["the index ends at 70001, past the end of VectorData 'v' (length 70000)"]);
});

describe('names, types, links, fixed values', () => {
  test('duplicate names in acquisition and general; a name with a slash', () => {
    const { f, ts, rated } = base();
    rated.name = 'ts1'; // renamed after it was added as ts2: two objects named ts1 in /acquisition
    f.addLabMetaData(new Container('LabMetaData', 'devices')); // /general/devices is the spec's devices group
    const odd = new TimeSeries({ name: 'odd', data: [1], unit: 'V', rate: 1 });
    f.addAnalysis(odd);
    odd.name = 'a/b';
    const xy = new TimeSeries({ name: 'xy', data: [1], unit: 'V', rate: 1 });
    f.addAcquisition(xy);
    f.acquisition.delete('xy');
    f.acquisition.set('x/y', xy); // (the writer would make a group x holding y)
    expect(ts.name).toBe('ts1');
    expect(rows(refused(f, 'names.nwb'))).toEqual([
      ['DUPLICATE_NAME', '/acquisition/ts1', 'NWBFile', 'acquisition/ts1'],
      ['BAD_NAME', '/acquisition/x/y', 'TimeSeries', ''],
      ['BAD_NAME', '/analysis/odd', 'NWBFile', 'analysis/odd'],
      ['DUPLICATE_NAME', '/general/devices', 'NWBFile', 'general/devices'],
    ]);
    expect(messages(validate(f))).toEqual([
      "'acquisition' of NWBFile 'root' has two objects named 'ts1' (TimeSeries 'ts1' was renamed after it was added as 'ts2')",
      "the name 'x/y' is not allowed (names must not contain '/' nor be '', '.' or '..')",
      "the name 'a/b' is not allowed (names must not contain '/' nor be '', '.' or '..')",
      "LabMetaData 'devices' takes the name 'devices', which 'general' of NWBFile 'root' uses for its own 'devices'",
    ]);
  });

  test('a typed member of the wrong type; a place that does not take the type; a link to the wrong type', () => {
    const { f, es, shank, ts } = base();
    es.set('electrodes', new VectorData({ name: 'electrodes', description: 'not a region', data: [0, 1, 2, 3] }));
    f.addAcquisition(new Device({ name: 'camera' }));
    shank.setLink('device', ts);
    expect(rows(refused(f, 'types.nwb'))).toEqual([
      ['WRONG_TYPE', '/acquisition/camera', 'NWBFile', 'acquisition/camera'],
      ['WRONG_TYPE', '/acquisition/raw/electrodes', 'ElectricalSeries', 'electrodes'],
      ['WRONG_TYPE', '/general/extracellular_ephys/shank0/device', 'ElectrodeGroup', 'device'],
    ]);
    expect(messages(validate(f))).toEqual([
      "Device 'camera' cannot be here: 'acquisition' of NWBFile 'root' takes NWBDataInterface, DynamicTable",
      "'electrodes' must be of type DynamicTableRegion; it is VectorData 'electrodes'",
      "'device' must link to an object of type Device; it links to TimeSeries 'ts1'",
    ]);
  });

  test('a container added to itself or to a container it holds is refused; the tree stays as it was', () => {
    const { f } = base();
    const m = f.createProcessingModule({ name: 'mod', description: 'd' });
    const e1 = thrown(() => m.add(m));
    expect(e1.name).toBe('RangeError');
    expect(e1.message).toBe("ProcessingModule 'mod' cannot hold itself (at *): the tree would have no end");
    const e2 = thrown(() => m.add(f));
    expect(e2.message).toBe("ProcessingModule 'mod' cannot hold NWBFile 'root', which holds it (at *): the tree would have no end");
    expect(thrown(() => f.addAcquisition(f)).name).toBe('RangeError');
    // (validate and write used to walk such a tree forever)
    expect(validate(f)).toEqual([]);
    expect([...m.children().keys()]).toEqual([]);
    const p = file('no-cycle.nwb');
    const io = new NWBHDF5IO(p, 'w');
    io.write(f);
    io.close();
    expect(py(`print(json.dumps(sorted(h5py.File(sys.argv[1], 'r')['processing/mod'].keys())))`, p)).toEqual([]);
  });

  test('unknown neurodata types, in a tree and in a file', () => {
    const { f } = base();
    f.addAcquisition(new Container('FancySeries', 'fancy'));
    expect(rows(refused(f, 'unknown.nwb'))).toEqual([['UNKNOWN_TYPE', '/acquisition/fancy', 'FancySeries', '']]);
    const p = fx('ts_basic.nwb');
    const q = file('unknown-on-disk.nwb');
    fs.copyFileSync(p, q);
    py(`f = h5py.File(sys.argv[1], 'a'); f['acquisition/ts_rate'].attrs['neurodata_type'] = 'FancySeries'; print(1)`, q);
    expect(rows(validate(q))).toEqual([['UNKNOWN_TYPE', '/acquisition/ts_rate', 'FancySeries', '']]);
    expect(hdmfValidate(q)).toEqual([expect.stringMatching(/acquisition\/ts_rate \(FancySeries\).*not in the namespace/)]);
  });

  test('a value other than the spec fixes; links and references to objects that are not in the file', () => {
    const { f, es, shank } = base();
    es.set('data@unit', 'mV');
    shank.setLink('device', new Device({ name: 'elsewhere' })); // never added to the file
    expect(rows(refused(f, 'fixed.nwb'))).toEqual([
      ['FIXED_VALUE', '/acquisition/raw/data', 'ElectricalSeries', 'data@unit'],
      ['BAD_LINK', '/general/extracellular_ephys/shank0/device', 'ElectrodeGroup', 'device'],
    ]);
    expect(messages(validate(f))).toEqual([
      "the attribute 'unit' is 'mV'; the spec fixes it to 'volts'",
      "'device' links to Device 'elsewhere', which is neither in this tree nor read from a file",
    ]);
  });
});

describe('existing files', () => {
  test("write() in mode 'a' refuses an invalid tree and leaves the file as it was", () => {
    const p = file('append-refused.nwb');
    fs.copyFileSync(fx('ts_basic.nwb'), p);
    const snapshot = `
f = h5py.File(sys.argv[1], 'r')
out = {}
f.visititems(lambda n, o: out.__setitem__(n, [sorted(o.attrs.keys()), float(np.asarray(o[()], dtype=float).sum()) if isinstance(o, h5py.Dataset) and o.dtype.kind in 'iuf' else None]))
print(json.dumps(out))`;
    const before = py(snapshot, p);
    const io = new NWBHDF5IO(p, 'a');
    const f = io.read();
    f.addAcquisition(new TimeSeries({ name: 'good', data: [1, 2], unit: 'V', rate: 1 }));
    f.addAcquisition(new TimeSeries({ name: 'bad', data: [1, 2], unit: 'V', timestamps: ['a', 'b'] }));
    const shank = new ElectrodeGroup({ name: 'shank9', description: 'd', location: 'x', device: new Device({ name: 'not-in-file' }) });
    f.addElectrodeGroup(shank);
    const e = thrown(() => io.write(f));
    io.close();
    expect(e).toBeInstanceOf(NWBValidationError);
    expect(rows(e.errors)).toEqual([
      ['WRONG_DTYPE', '/acquisition/bad/timestamps', 'TimeSeries', 'timestamps'],
      ['BAD_LINK', '/general/extracellular_ephys/shank9/device', 'ElectrodeGroup', 'device'],
    ]);
    expect(e.message).toMatch(/^invalid NWB \(2 errors\): /);
    expect(e.message).toContain("/acquisition/bad/timestamps: TimeSeries 'timestamps' 'timestamps' is text where float64 is required [WRONG_DTYPE]");
    expect(e.message).toContain("/general/extracellular_ephys/shank9/device: ElectrodeGroup 'device' 'device' links to Device 'not-in-file'");
    // h5py reads the old content, unchanged; the file is as valid as it was.
    expect(py(snapshot, p)).toEqual(before);
    expect(validate(p)).toEqual([]);
    expect(hdmfValidate(p)).toEqual([]);
  });

  test('a file broken on disk with h5py: a required dataset deleted, an attribute of the wrong type, a column removed', () => {
    const q = file('broken-on-disk.nwb');
    fs.copyFileSync(fx('ts_basic.nwb'), q);
    py(`f = h5py.File(sys.argv[1], 'a')
del f['session_description']
del f['acquisition/ts_rate/data']
f['acquisition/ts_timestamps/timestamps'].attrs['interval'] = np.float64(1)
f['acquisition/ts_timestamps/timestamps'].attrs['unit'] = 'ms'
print(1)`, q);
    expect(rows(validate(q))).toEqual([
      ['MISSING_REQUIRED', '/acquisition/ts_rate/data', 'TimeSeries', 'data'],
      ['FIXED_VALUE', '/acquisition/ts_timestamps/timestamps', 'TimeSeries', 'timestamps@unit'],
      ['WRONG_DTYPE', '/acquisition/ts_timestamps/timestamps', 'TimeSeries', 'timestamps@interval'],
      ['MISSING_REQUIRED', '/session_description', 'NWBFile', 'session_description'],
    ]);
    // HDMF's validator does not check fixed values; the rest it finds too.
    expect(hdmfValidate(q).sort()).toEqual([
      expect.stringMatching(/TimeSeries\/data \(acquisition\/ts_rate\): argument missing/),
      expect.stringMatching(/TimeSeries\/timestamps\/interval .*expected 'int32', got 'float64'/),
      expect.stringMatching(/^root\/session_description .*argument missing/),
    ]);
    const e = file('broken-table.nwb');
    fs.copyFileSync(fx('ecephys.nwb'), e);
    py(`f = h5py.File(sys.argv[1], 'a'); del f['general/extracellular_ephys/electrodes/label']; print(1)`, e);
    expect(rows(validate(e))).toEqual([['MISSING_REQUIRED', '/general/extracellular_ephys/electrodes/label', 'DynamicTable', '@colnames']]);
  });

  test('references to objects deleted with h5py: broken links, and the table calls that need them say so', () => {
    const p = file('dangling-refs.nwb');
    fs.copyFileSync(fx('ecephys.nwb'), p);
    // units/spike_times_index@target and the raw series' electrodes@table now point at deleted objects.
    py(`f = h5py.File(sys.argv[1], 'a'); del f['units/spike_times']; del f['general/extracellular_ephys/electrodes']; print(1)`, p);
    const io = new NWBHDF5IO(p, 'r');
    try {
      const f = io.read();
      const broken = io.brokenLinks();
      expect(broken.map((b) => b.link).sort()).toEqual([
        '/acquisition/raw/electrodes', '/processing/ecephys/LFP/lfp/electrodes', '/units/electrodes', '/units/spike_times_index',
      ]);
      expect(broken[0].reason).toMatch(/points to an object that no longer has a path in the file \(its last link was deleted\)$/);
      const idx = f.units!.getColumn('spike_times_index') as VectorIndex;
      expect(idx.target).toBe(null); // never the root NWBFile
      expect(thrown(() => idx.get(0)).message).toBe("VectorIndex 'spike_times_index' has no target column (see the IO's brokenLinks())");
      expect(thrown(() => f.units!.getUnitSpikeTimes(0)).message).toBe("column 'spike_times' of Units 'units' is missing from the file (see the IO's brokenLinks())");
      expect((f.getAcquisition('raw') as ElectricalSeries).electrodes.table).toBe(null);
    } finally {
      io.close();
    }
  });

  test('links that lead back up the tree (a hard link to an ancestor, an external link to the own root) read as links', () => {
    const p = file('cycles.nwb');
    fs.copyFileSync(fx('ecephys.nwb'), p);
    // (reading used to follow them until the stack overflowed)
    py(`f = h5py.File(sys.argv[1], 'a'); f['acquisition/raw/up'] = f['acquisition']; f['acquisition/self'] = h5py.ExternalLink(sys.argv[1], '/'); print(1)`, p);
    const io = new NWBHDF5IO(p, 'r');
    try {
      const f = io.read();
      expect(io.brokenLinks()).toEqual([]);
      const raw = f.getAcquisition('raw') as ElectricalSeries;
      expect(raw).toBeInstanceOf(ElectricalSeries);
      expect(raw.data.shape).toEqual(py(`print(json.dumps(list(h5py.File(sys.argv[1], 'r')['acquisition/raw/data'].shape)))`, p));
    } finally {
      io.close();
    }
  });

  test('a table whose id dataset was deleted with h5py: the table calls say the id column is missing', () => {
    const p = file('no-id.nwb');
    fs.copyFileSync(fx('ecephys.nwb'), p);
    py(`f = h5py.File(sys.argv[1], 'a'); del f['units/id']; print(1)`, p);
    const io = new NWBHDF5IO(p, 'r');
    try {
      const units = io.read().units!;
      for (const call of [() => units.toRows(), () => units.length, () => units.row(0)]) {
        const e = thrown(call);
        expect(e.name).toBe('RangeError');
        expect(e.message).toBe("Units 'units' has no id column (it is missing from the file)");
      }
    } finally {
      io.close();
    }
  });

  test('a closed NWBHDF5IO refuses with ERR_NWB_CLOSED; a plain object as subject is a TypeError', () => {
    const p = file('closed-io.nwb');
    const io = new NWBHDF5IO(p, 'w');
    io.close();
    const e = thrown(() => io.write(base().f));
    expect([e.name, (e as { code?: string }).code, e.message]).toEqual(['NWBError', 'ERR_NWB_CLOSED', `NWBHDF5IO for ${p} is closed`]);
    const s = thrown(() => new NWBFile({ identifier: 'x', sessionDescription: 'd', sessionStartTime: START, subject: { subjectId: 'm1' } as never }));
    expect(s.name).toBe('TypeError');
    expect(s.message).toContain('must be a Subject');
  });

  test('every container class given null, a number or an array as its arguments throws a TypeError naming its type', () => {
    // (MultiContainerInterface is the base of LFP, Position, ...: its constructor takes a type and a name)
    const lib = require('../../lib') as Record<string, unknown>;
    const classes = Object.entries(lib).filter(([k, v]) => /^[A-Z]/.test(k) && typeof v === 'function' && (v as { prototype: unknown }).prototype instanceof Container && k !== 'MultiContainerInterface') as [string, new (a: unknown) => Container][];
    expect(classes.length).toBeGreaterThan(25);
    const bad: string[] = [];
    for (const [k, C] of classes) {
      for (const a of [null, 5, ['x']]) {
        let e: unknown = null;
        try {
          new C(a);
        } catch (x) {
          e = x;
        }
        // (LFP and FilteredEphys take null for "no arguments", as they take undefined)
        if (e === null && a === null && (k === 'LFP' || k === 'FilteredEphys')) continue;
        const m = e instanceof Error ? e.message : '';
        if (!(e instanceof TypeError) || !m.startsWith(k) || /Cannot read|of null|of undefined|is not a function/.test(m)) bad.push(`${k}(${JSON.stringify(a)}): ${e instanceof Error ? `${e.name}: ${m}` : 'accepted'}`);
      }
    }
    expect(bad).toEqual([]);
    expect(thrown(() => new TimeSeries(null as never)).message).toBe('TimeSeries: the arguments must be an object ({ name, ... }), not null');
  });

  test('a plain object set at a typed place (f.subject = {...}) is refused by write() and reported by validate(), naming the place; the file keeps what it had', () => {
    const p = file('plain-subject.nwb');
    const { f } = base();
    const w = new NWBHDF5IO(p, 'w');
    w.write(f);
    w.close();
    const before = fs.readFileSync(p);
    const io = new NWBHDF5IO(p, 'a');
    try {
      const g = io.read();
      (g as unknown as { subject: unknown }).subject = { subjectId: 'm1', species: 'Mus musculus' };
      const message = "NWBFile 'root': 'general/subject' takes a Subject container, not a plain object";
      expect(validate(g).map((e) => [e.code, e.path, e.message])).toEqual([['BUILD_ERROR', '/', `NWBFile 'root' cannot be written: ${message}`]]);
      const e = thrown(() => io.write(g));
      expect([e.name, e.message]).toEqual(['TypeError', message]);
    } finally {
      io.close();
    }
    expect(py(`f = h5py.File(sys.argv[1], 'r')
print(json.dumps(['subject' in f['general'], f['identifier'][()].decode(), sorted(f['acquisition'])]))`, p)).toEqual([false, 'bad-input', ['raw', 'ts1', 'ts2']]);
    expect(fs.readFileSync(p).length).toBe(before.length);
  });

  test('a truncated file: NWBHDF5IO, validate() and HDMF refuse it with an error naming it; nothing crashes', () => {
    const src = fx('ecephys.nwb');
    const size = fs.statSync(src).size;
    for (const [n, code] of [[Math.floor(size / 2), 'ERR_H5_TRUNCATED'], [4096, 'ERR_H5_TRUNCATED'], [4, 'ERR_H5_NOT_HDF5']] as const) {
      const p = file(`truncated-${n}.nwb`);
      fs.copyFileSync(src, p);
      fs.truncateSync(p, n);
      const e = thrown(() => new NWBHDF5IO(p, 'r'));
      expect(e).toBeInstanceOf(Hdf5Error);
      expect([e.code, e.file]).toEqual([code, p]);
      expect(e.message).toContain(p);
      const v = thrown(() => validate(p));
      expect([v.constructor, v.code, v.file]).toEqual([Hdf5Error, code, p]);
      expect(() => hdmfValidate(p)).toThrow(/HDMF cannot validate .*(truncated file|file signature not found)/);
    }
  });
});
