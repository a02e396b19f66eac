/**
 * validate(): valid NWB validates clean, judged twice: by our validate() (the tree, and the file it was written
 * to) and by HDMF's own validator against the official 2.9.0 schema (scripts/nwb-validate.py). PyNWB's fixtures,
 * a file with every container class h5nwb has, an append to each; the API (options, NWBValidationError, the
 * catalog used, extensions).
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  AnnotationSeries, BuildManager, Container, DynamicTable, ElectricalSeries, FilteredEphys, H5DataIO, ImageSeries, ImagingPlane, LFP,
  MultiContainerInterface, NamespaceCatalog, NWBFile, NWBHDF5IO, NWBValidationError, OpticalChannel, Position, SpikeEventSeries,
  SpatialSeries, Subject, TimeSeries, TwoPhotonSeries, Units, validate, VectorData, VectorIndex,
} from '../../lib';
import type { ValidationError } from '../../lib';
import { copyFixtures, hdmfValidate, py, thrown, tmpDir } from '../helpers';

const { dir, file } = tmpDir('nwb-validate');
copyFixtures(dir);
const fx = (n: string) => path.join(dir, n);

const START = '2024-01-02T03:04:05.123456-08:00';
const arange = (n: number, f: (i: number) => number = (i) => i) => Array.from({ length: n }, (_, i) => f(i));

/** The errors as 'CODE path field' lines, for readable failures. */
const brief = (errors: ValidationError[]) => errors.map((e) => `${e.code} ${e.path} ${e.field}: ${e.message}`);

describe("PyNWB's fixtures validate clean", () => {
  const fixtures = fs.readdirSync(dir).filter((n) => n.endsWith('.nwb') && !n.startsWith('family'));

  test.each(fixtures)('%s: our validate() and HDMF find nothing', (name) => {
    expect(brief(validate(fx(name)))).toEqual([]);
    expect(hdmfValidate(fx(name))).toEqual([]);
  });

  test('the family fixture (read through the family driver, validated as a tree)', () => {
    const io = new NWBHDF5IO(fx('family_%d.nwb'), 'r', { driver: { driver: 'family', memberSize: 1048576 } });
    expect(brief(validate(io.read()))).toEqual([]);
    io.close();
  });

  test('ecephys: its electrodes table is the DynamicTable of NWB 2.7.0, accepted and checked as a DynamicTable', () => {
    // NWB 2.9.0 names an ElectrodesTable at /general/extracellular_ephys/electrodes; its own doc says it replaced
    // "a DynamicTable with added columns" there, which is what PyNWB 2.8 (NWB 2.7.0) wrote in this fixture. We
    // accept that table (files of earlier versions hold it; an append keeps the table it read and must stay
    // writable; HDMF's validator passes it too) but still check it as the DynamicTable it is: a column that is
    // too short is reported.
    const io = new NWBHDF5IO(fx('ecephys.nwb'), 'r');
    const f = io.read();
    expect(f.electrodes!.neurodataType).toBe('DynamicTable');
    expect(brief(validate(f))).toEqual([]);
    (f.electrodes!.getColumn('label') as VectorData).data = ['ch0'];
    expect(validate(f).map((e) => [e.code, e.path, e.type, e.field])).toEqual([
      ['TABLE_LENGTH', '/general/extracellular_ephys/electrodes/label', 'DynamicTable', 'label'],
    ]);
    // Any other type there is refused.
    f.set('general/extracellular_ephys/electrodes', new VectorData({ name: 'electrodes', description: 'not a table', data: [1] }));
    expect(validate(f).map((e) => [e.code, e.path])).toContainEqual(['WRONG_TYPE', '/general/extracellular_ephys/electrodes']);
    io.close();
  });
});

/** A file with every container class h5nwb has, built with its verbs. */
function everything(): NWBFile {
  const f = new NWBFile({
    identifier: 'everything', sessionDescription: 'every container class', sessionStartTime: START, fileCreateDate: START,
    experimenter: 'Doe, Jane', keywords: ['validation'], relatedPublications: 'doi:10/xyz', lab: 'lab', institution: 'inst',
    subject: new Subject({ subjectId: 'm1', species: 'Mus musculus', sex: 'F', age: 'P90D', dateOfBirth: '2023-10-01T00:00:00+00:00' }),
  });
  // ecephys
  const probe = f.createDevice({ name: 'probe', description: '4 channels', manufacturer: 'Acme' });
  const shank = f.createElectrodeGroup({ name: 'shank0', description: 'shank', location: 'CA1', device: probe, position: [1, 2, 3] });
  f.addElectrodeColumn({ name: 'label', description: 'label' });
  for (let i = 0; i < 4; i++) f.addElectrode({ location: 'CA1', group: shank, x: i, y: 0, z: -i, imp: 1e6, filtering: 'none', label: `ch${i}` });
  const raw = new ElectricalSeries({
    name: 'raw', data: { data: Int16Array.from(arange(400)), shape: [100, 4] }, rate: 1000, channelConversion: [1, 1, 0.5, 0.5],
    electrodes: f.createElectrodeTableRegion({ region: [0, 1, 2, 3], description: 'all' }), filtering: 'none',
  });
  f.addAcquisition(raw);
  f.addAcquisition(new SpikeEventSeries({
    name: 'spikes', data: { data: new Float64Array(2 * 2 * 5), shape: [2, 2, 5] }, timestamps: [0.5, 1.5],
    electrodes: f.createElectrodeTableRegion({ region: [0, 1], description: 'two' }),
  }));
  const ecephys = f.createProcessingModule({ name: 'ecephys', description: 'processed' });
  ecephys.add(new LFP({ electricalSeries: new ElectricalSeries({
    name: 'lfp', data: arange(10, (i) => i).map((i) => [i, -i]), rate: 250, electrodes: f.createElectrodeTableRegion({ region: [0, 2], description: 'two' }),
  }) }));
  ecephys.add(new FilteredEphys({ electricalSeries: new ElectricalSeries({
    name: 'theta', data: [[1, 2], [3, 4]], rate: 10, electrodes: f.createElectrodeTableRegion({ region: [1, 3], description: 'two' }),
  }) }));
  // units: ragged, doubly ragged (spike by electrode by sample), regions, references, per-unit arrays
  f.units = new Units({ name: 'units', description: 'sorted', resolution: 1e-5, waveformRate: 30000 });
  f.addUnit({ spikeTimes: [0.1, 0.2], obsIntervals: [[0, 1]], electrodes: [0, 1], electrodeGroup: shank, waveformMean: [1, 2, 3], waveformSd: [0.1, 0.1, 0.1], waveforms: [[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [1, 2, 3]]] });
  f.addUnit({ spikeTimes: [0.3], obsIntervals: [[0, 1], [2, 3]], electrodes: [2], electrodeGroup: shank, waveformMean: [3, 2, 1], waveformSd: [0.2, 0.2, 0.2], waveforms: [[[0, 0, 1]]] });
  // time series of every kind, intervals
  const signal = new TimeSeries({ name: 'signal', data: Float64Array.from(arange(50)), unit: 'mV', rate: 10, startingTime: 0.5, description: 'rate' });
  const stamped = new TimeSeries({ name: 'stamped', data: new Int32Array(5), unit: 'n', timestamps: Float64Array.from(arange(5, (i) => i / 2)), continuity: 'step' });
  stamped.addSync('hardware', Float64Array.from(arange(5)));
  f.addAcquisition(signal);
  f.addAcquisition(stamped);
  f.addAcquisition(new TimeSeries({ name: 'shared', data: new Float32Array(5), unit: 'n', timestamps: stamped }));
  f.addAcquisition(new TimeSeries({ name: 'compressed', data: new H5DataIO({ data: Float64Array.from(arange(64)), chunks: [16], compression: 'gzip' }), unit: 'a.u.', rate: 5 }));
  f.addAcquisition(new TimeSeries({ name: 'growable', data: new H5DataIO({ shape: [0, 3], maxshape: [null, 3], dtype: 'float32' }), unit: 'a.u.', rate: 5 }));
  f.addAcquisition(new AnnotationSeries({ name: 'notes', data: ['start', 'stop'], timestamps: [0, 4] }));
  f.addTrialColumn({ name: 'stim', description: 'stimulus' });
  f.addTrial({ startTime: 0, stopTime: 1, tags: 'a, b', timeseries: [signal, stamped], stim: 'x' });
  f.addTrial({ startTime: 1, stopTime: 2, tags: ['c'], timeseries: signal, stim: 'y' });
  f.addEpoch({ startTime: 0, stopTime: 5 });
  f.addInvalidTimeInterval({ startTime: 3, stopTime: 3.5 });
  // images, ophys
  const camera = f.createDevice({ name: 'camera', description: 'camera' });
  f.addAcquisition(new ImageSeries({ name: 'movie', data: { data: new Uint8Array(2 * 3 * 4), shape: [2, 3, 4] }, unit: 'n.a.', rate: 30, device: camera }));
  f.addAcquisition(new ImageSeries({ name: 'external', externalFile: ['movie.avi'], rate: 30 }));
  const scope = f.createDevice({ name: 'scope', description: 'microscope' });
  const plane = new ImagingPlane({
    name: 'plane', description: 'plane', device: scope, excitationLambda: 920, indicator: 'GCaMP6f', location: 'V1', imagingRate: 30,
    opticalChannel: new OpticalChannel({ name: 'green', description: 'green', emissionLambda: 510 }),
  });
  f.addImagingPlane(plane);
  f.addAcquisition(new TwoPhotonSeries({ name: '2p', imagingPlane: plane, data: { data: new Uint16Array(2 * 4 * 4), shape: [2, 4, 4] }, unit: 'n.a.', rate: 30, fieldOfView: [1e-4, 1e-4] }));
  // behavior; a generic container of a type without a class; tables by hand
  const behavior = f.createProcessingModule({ name: 'behavior', description: 'behavior' });
  behavior.add(new Position({ spatialSeries: new SpatialSeries({ name: 'xy', data: arange(6).map((i) => [i, 2 * i]), rate: 10, referenceFrame: 'corner' }) }));
  const events = new MultiContainerInterface('BehavioralEvents', 'licks');
  events.add(new TimeSeries({ name: 'lick', data: [1, 1, 1], unit: 'n/a', timestamps: [0.1, 0.7, 1.3] }));
  behavior.add(events);
  const cells = new DynamicTable({ name: 'cells', description: 'by hand', columns: [new VectorData({ name: 'area', description: 'area', data: ['V1', 'V2'] })] });
  cells.addColumn({ name: 'events', description: 'ragged', index: true, data: [[1, 2, 3], []] });
  cells.addColumn({ name: 'nested', description: 'doubly ragged', index: 2, data: [[[1], [2, 3]], [[4]]] });
  cells.addColumn({ name: 'unit', description: 'rows of units', table: f.units!, data: [1, 0] });
  behavior.add(cells);
  f.addAnalysis(new DynamicTable({ name: 'empty', description: 'no rows' }));
  f.addScratch(new TimeSeries({ name: 'scratch_ts', data: [0.5], unit: 's', timestamps: [0] }));
  return f;
}

describe('a file with every container class', () => {
  let p: string;
  let tree: NWBFile;
  beforeAll(() => {
    tree = everything();
    p = file('everything.nwb');
    const io = new NWBHDF5IO(p, 'w');
    io.write(tree); // validates first: throws NWBValidationError if the tree is invalid
    io.close();
  });

  test('the tree validates clean', () => {
    expect(brief(validate(tree))).toEqual([]);
  });

  test('the file validates clean: our validate(path), HDMF against the official schema', () => {
    expect(brief(validate(p))).toEqual([]);
    expect(hdmfValidate(p)).toEqual([]);
    // What the file holds: the checks above judged all of it.
    const kinds = py(`f = h5py.File(sys.argv[1], 'r'); out = set()
f.visititems(lambda n, o: out.add(o.attrs['neurodata_type']) if 'neurodata_type' in o.attrs else None)
print(json.dumps(sorted(out)))`, p);
    expect(kinds).toEqual(expect.arrayContaining([
      'AnnotationSeries', 'BehavioralEvents', 'Device', 'DynamicTable', 'DynamicTableRegion', 'ElectricalSeries', 'ElectrodeGroup',
      'ElectrodesTable', 'ElementIdentifiers', 'FilteredEphys', 'ImageSeries', 'ImagingPlane', 'LFP', 'OpticalChannel', 'Position',
      'ProcessingModule', 'SpatialSeries', 'SpikeEventSeries', 'Subject', 'TimeIntervals', 'TimeSeries', 'TimeSeriesReferenceVectorData',
      'TwoPhotonSeries', 'Units', 'VectorData', 'VectorIndex',
    ]));
  });

  test('read back, the tree validates clean; a subtree validates on its own', () => {
    const io = new NWBHDF5IO(p, 'r');
    const f = io.read();
    expect(brief(validate(f))).toEqual([]);
    expect(brief(validate(f.units!))).toEqual([]);
    expect(brief(validate(f.getAcquisition('raw')))).toEqual([]);
    io.close();
  });

  test('an append (mode a) validates, and the file stays valid for both validators', () => {
    const q = file('everything-appended.nwb');
    fs.copyFileSync(p, q);
    const io = new NWBHDF5IO(q, 'a');
    const f = io.read();
    f.addAcquisition(new TimeSeries({ name: 'appended', data: Float64Array.of(1, 2, 3), unit: 'V', rate: 2 }));
    f.addTrial({ startTime: 2, stopTime: 3, tags: ['d'], timeseries: f.getAcquisition('appended') as TimeSeries, stim: 'z' } as never);
    io.write(f);
    io.close();
    expect(brief(validate(q))).toEqual([]);
    expect(hdmfValidate(q)).toEqual([]);
  });
});

describe("appends to PyNWB's files validate", () => {
  test('ecephys.nwb with a unit, a trial and an electrode added', () => {
    const q = file('ecephys-appended.nwb');
    fs.copyFileSync(fx('ecephys.nwb'), q);
    const io = new NWBHDF5IO(q, 'a');
    const f = io.read();
    f.addUnit({ spikeTimes: [2.5], quality: 'good', electrodes: [3], obsIntervals: [[0, 3]] } as never);
    f.addTrial({ startTime: 3, stopTime: 3.5, stim: 's3' } as never);
    f.addElectrode({ location: 'CA3', group: f.electrodeGroups.get('shank0') as never, x: 4, y: 0, z: -40, label: 'ch4', impedance_ohm: 1 } as never);
    io.write(f);
    io.close();
    expect(brief(validate(q))).toEqual([]);
    expect(hdmfValidate(q)).toEqual([]);
  });
});

describe('the API', () => {
  test('options are checked; a given catalog is the one used', () => {
    expect(() => validate(fx('ts_basic.nwb'), { strict: true } as never)).toThrow(/unknown option 'strict'/);
    expect(() => validate(fx('ts_basic.nwb'), { catalog: {} as never })).toThrow(/catalog must be a NamespaceCatalog/);
    expect(() => validate(42 as never)).toThrow(/needs an NWBFile, a container or a file path/);
    // An empty catalog knows no type: the root itself is unknown.
    expect(validate(fx('ts_basic.nwb'), { catalog: new NamespaceCatalog() }).map((e) => [e.code, e.path, e.type])).toEqual([
      ['UNKNOWN_TYPE', '/', 'NWBFile'],
    ]);
  });

  test('NWBValidationError: code, the errors, a message naming the first objects and fields; write({ validate: false }) skips it', () => {
    const f = new NWBFile({ identifier: 'x', sessionDescription: 'x', sessionStartTime: START });
    const ts = new TimeSeries({ name: 'ts1', data: [1, 2], unit: 'V', rate: 1 });
    f.addAcquisition(ts);
    ts.data = undefined;
    const p = file('api-invalid.nwb');
    const io = new NWBHDF5IO(p, 'w');
    const e = thrown(() => io.write(f));
    expect(e).toBeInstanceOf(NWBValidationError);
    expect(e.code).toBe('ERR_NWB_INVALID');
    expect(e.errors.map((x: ValidationError) => [x.code, x.path, x.type, x.field])).toEqual([['MISSING_REQUIRED', '/acquisition/ts1/data', 'TimeSeries', 'data']]);
    expect(e.message).toMatch(/\/acquisition\/ts1\/data: TimeSeries 'data' .*MISSING_REQUIRED/);
    expect(() => io.write(f, { validate: 'yes' as never, colour: 1 } as never)).toThrow(/unknown write option 'colour'/);
    // Without validation the invalid tree is written, and both validators find what is wrong with the file.
    io.write(f, { validate: false });
    io.close();
    expect(validate(p).map((x) => [x.code, x.path])).toEqual([['MISSING_REQUIRED', '/acquisition/ts1/data']]);
    expect(hdmfValidate(p)).toEqual([expect.stringMatching(/TimeSeries\/data .*argument missing/)]);
  });

  test('types of an extension: validated against the catalog that defines them (quantities of unnamed members)', () => {
    const catalog = NamespaceCatalog.builtin();
    catalog.load({
      namespace: {
        name: 'ndx-pair', doc: 'test extension', author: 'h5nwb', contact: 'h5nwb', version: '0.1.0',
        schema: [{ namespace: 'core' }, { source: 'ndx-pair.extensions.yaml' }],
      },
      sources: {
        'ndx-pair.extensions': {
          name: 'ndx-pair.extensions',
          groups: [{
            neurodata_type_def: 'SeriesPair', neurodata_type_inc: 'NWBDataInterface', doc: 'one or two series',
            attributes: [{ name: 'pairing', dtype: 'int32', doc: 'how' }],
            groups: [{ neurodata_type_inc: 'TimeSeries', doc: 'a series', quantity: 2 }],
          }],
        },
      },
    });
    const f = new NWBFile({ identifier: 'ext', sessionDescription: 'extension', sessionStartTime: START });
    const pair = new MultiContainerInterface('SeriesPair', 'pair');
    pair.namespace = 'ndx-pair';
    pair.set('@pairing', 1);
    f.addAcquisition(pair);
    const ts = (name: string) => new TimeSeries({ name, data: [1], unit: 'V', rate: 1 });
    pair.add(ts('a'));
    // Unknown without the extension; one series where the spec asks for two.
    expect(validate(f).map((e) => [e.code, e.path])).toEqual([['UNKNOWN_TYPE', '/acquisition/pair']]);
    expect(validate(f, { catalog }).map((e) => [e.code, e.path, e.field])).toEqual([['QUANTITY', '/acquisition/pair', '*']]);
    pair.add(ts('b'));
    expect(brief(validate(f, { catalog }))).toEqual([]);
    pair.add(ts('c'));
    pair.set('@pairing', 1.5);
    expect(validate(f, { catalog }).map((e) => [e.code, e.path, e.field]).sort()).toEqual([
      ['QUANTITY', '/acquisition/pair', '*'], ['WRONG_DTYPE', '/acquisition/pair', '@pairing'],
    ]);
    // The writer's catalog (with the extension) validates the write; the file read back carries the extension.
    pair.children('*').delete('c');
    pair.set('@pairing', 2);
    const p = file('extension.nwb');
    const io = new NWBHDF5IO(p, 'w', { manager: new BuildManager(catalog) });
    io.write(f);
    io.close();
    expect(brief(validate(p))).toEqual([]);
  });

  test('a container whose class is Container validates by its spec like any other', () => {
    const f = new NWBFile({ identifier: 'generic', sessionDescription: 'generic', sessionStartTime: START });
    const g = new Container('LabMetaData', 'meta');
    f.addLabMetaData(g);
    expect(brief(validate(f))).toEqual([]);
    // A subtree on its own: its links and references must reach objects of its tree.
    const v = new VectorData({ name: 'v', description: 'v', data: [1, 2, 3] });
    const ix = new VectorIndex({ name: 'v_index', data: [1, 3], target: v });
    expect(validate(ix).map((e) => [e.code, e.path, e.field])).toEqual([['BAD_LINK', '/v_index', '@target']]);
    const t = new DynamicTable({ name: 't', description: 't', columns: [v, ix] });
    expect(brief(validate(ix))).toEqual([]);
    expect(brief(validate(t))).toEqual([]);
  });
});
