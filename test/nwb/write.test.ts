/**
 * Writing NWB files: the layout PyNWB writes (compared in h5py's raw view with PyNWB's own ts_basic fixture),
 * links to containers and datasets of other files, shared timestamps, H5DataIO and chunk iterators, modes.
 */
import * as path from 'path';
import { Dataset, H5DataIO, NWBFile, NWBHDF5IO, Subject, TimeSeries } from '../../lib';
import { copyFixtures, py, PY_DTYPE, tmpDir } from '../helpers';

const { dir, file } = tmpDir('nwb-write');
copyFixtures(dir);

const START = '2024-01-02T03:04:05.123456-08:00';

/** The h5py raw view of a file: every object with its kind, dtype, shape, attributes (name -> dtype/shape). */
function rawView(p: string, skip: string[] = []): Record<string, unknown> {
  return py(`
f = h5py.File(sys.argv[1], 'r')
skip = json.loads(sys.argv[2])
out = {}
${PY_DTYPE}def attrs(o):
    return {k: [dt(o.attrs.get_id(k).dtype), list(o.attrs.get_id(k).shape)] for k in o.attrs if k not in ('object_id',)}
def visit(name, o):
    if any(name == s or name.startswith(s + '/') for s in skip):
        return
    if isinstance(o, h5py.Dataset):
        out[name] = ['dataset', dt(o.dtype), list(o.shape), attrs(o)]
    else:
        out[name] = ['group', attrs(o)]
f.visititems(visit)
out['/'] = ['group', attrs(f)]
print(json.dumps(out))
`, p, JSON.stringify(skip));
}

function basicFile(): NWBFile {
  const f = new NWBFile({
    identifier: 'fixture-ts-basic', sessionDescription: 'basic TimeSeries fixture', sessionStartTime: START,
    fileCreateDate: '2024-01-03T10:00:00+00:00', experimenter: ['Doe, Jane', 'Roe, Richard'], lab: 'Test Lab',
    institution: 'Test University', keywords: ['fixture', 'timeseries'], experimentDescription: 'oracle fixture',
    sessionId: 'sess-001',
    subject: new Subject({ subjectId: 'mouse-001', species: 'Mus musculus', sex: 'F', age: 'P90D', description: 'test subject' }),
  });
  f.addAcquisition(new TimeSeries({
    name: 'ts_timestamps', data: { data: Float64Array.from({ length: 20 }, (_, i) => i % 10), shape: [10, 2] }, unit: 'volts',
    conversion: 0.001, resolution: 0.0001, offset: 0.25, description: 'explicit timestamps', comments: 'first series',
    timestamps: Float64Array.from({ length: 10 }, (_, i) => i / 10),
  }));
  f.addAcquisition(new TimeSeries({ name: 'ts_rate', data: Int16Array.from({ length: 100 }, (_, i) => i), unit: 'counts', conversion: 2.0, startingTime: 1.5, rate: 30.0 }));
  return f;
}

test('a file written by h5nwb has the structure PyNWB writes for the same content', () => {
  const p = file('basic.nwb');
  const io = new NWBHDF5IO(p, 'w');
  io.write(basicFile());
  io.close();
  // The namespace cache differs by version (we write 2.9.0; the fixture has 2.7.0) and so does nwb_version.
  const ours = rawView(p, ['specifications']);
  const theirs = rawView(path.join(dir, 'ts_basic.nwb'), ['specifications']);
  expect(ours).toEqual(theirs);
  const r = py(`f = h5py.File(sys.argv[1], 'r')
print(json.dumps({'v': f.attrs['nwb_version'], 'spec': f[f.attrs['.specloc']].name, 'ns': sorted(f['specifications'].keys()),
  'core': list(f['specifications/core'].keys()), 'ts': f['session_start_time'][()].decode(), 'ids': f['acquisition/ts_rate'].attrs['neurodata_type'],
  'nsattr': f['general/subject'].attrs['namespace'], 'src': json.loads(f['specifications/core/2.9.0/namespace'][()])['namespaces'][0]['name']}))`, p);
  expect(r).toEqual({ v: '2.9.0', spec: '/specifications', ns: ['core', 'hdmf-common'], core: ['2.9.0'], ts: START, ids: 'TimeSeries', nsattr: 'core', src: 'core' });
});

test('what h5nwb writes reads back equal', () => {
  const p = file('roundtrip.nwb');
  const io = new NWBHDF5IO(p, 'w');
  io.write(basicFile());
  io.close();
  const r = new NWBHDF5IO(p, 'r');
  const f = r.read();
  expect([f.identifier, f.sessionStartTime, f.lab, f.subject!.species]).toEqual(['fixture-ts-basic', START, 'Test Lab', 'Mus musculus']);
  const ts = f.getAcquisition('ts_timestamps') as TimeSeries;
  expect([ts.unit, ts.conversion, ts.resolution, ts.offset, ts.description]).toEqual(['volts', 0.001, 0.0001, 0.25, 'explicit timestamps']);
  expect((ts.data as Dataset).shape).toEqual([10, 2]);
  const tr = f.getAcquisition('ts_rate') as TimeSeries;
  expect([tr.rate, tr.startingTime]).toEqual([30, 1.5]);
  expect(Array.from((tr.data as Dataset).read().data as Int16Array).slice(0, 3)).toEqual([0, 1, 2]);
  r.close();
});

test('a container read from another file is written as an external link with a relative name', () => {
  const src = new NWBHDF5IO(path.join(dir, 'ext_source_1.nwb'), 'r');
  const ts1 = src.read().getAcquisition('test_timeseries1');
  const f = new NWBFile({ identifier: 'linker', sessionDescription: 'links', sessionStartTime: START });
  f.addAcquisition(ts1);
  const io = new NWBHDF5IO(path.join(dir, 'linker.nwb'), 'w');
  io.write(f);
  io.close();
  src.close();
  const r = py(`f = h5py.File(sys.argv[1], 'r'); l = f['acquisition'].get('test_timeseries1', getlink=True)
print(json.dumps([type(l).__name__, l.filename, l.path, int(f['acquisition/test_timeseries1/data'][:].sum())]))`, path.join(dir, 'linker.nwb'));
  expect(r).toEqual(['ExternalLink', 'ext_source_1.nwb', '/acquisition/test_timeseries1', 499500]);
});

test('a dataset of another file is linked by default and copied with linkData: false', () => {
  const src = new NWBHDF5IO(path.join(dir, 'ext_source_1.nwb'), 'r');
  const data = (src.read().getAcquisition('test_timeseries1') as TimeSeries).data;
  for (const linkData of [true, false]) {
    const f = new NWBFile({ identifier: `dl-${linkData}`, sessionDescription: 'x', sessionStartTime: START });
    f.addAcquisition(new TimeSeries({ name: 'linked_data_ts', data, unit: 'SIunit', timestamps: Float64Array.from({ length: 100 }, (_, i) => i * 0.01) }));
    const p = path.join(dir, `dl-${linkData}.nwb`);
    const io = new NWBHDF5IO(p, 'w');
    io.write(f, { linkData });
    io.close();
    const r = py(`f = h5py.File(sys.argv[1], 'r'); l = f.get('acquisition/linked_data_ts/data', getlink=True)
print(json.dumps([type(l).__name__, int(f['acquisition/linked_data_ts/data'][:].sum())]))`, p);
    expect(r).toEqual([linkData ? 'ExternalLink' : 'HardLink', 499500]);
  }
  src.close();
});

test('timestamps: otherSeries and data: otherSeries share through soft links', () => {
  const f = new NWBFile({ identifier: 'soft', sessionDescription: 'x', sessionStartTime: START });
  const a = new TimeSeries({ name: 'ts_a', data: Float64Array.from({ length: 50 }, (_, i) => i), unit: 'u', timestamps: Float64Array.from({ length: 50 }, (_, i) => i * 0.1) });
  f.addAcquisition(a);
  f.addAcquisition(new TimeSeries({ name: 'ts_b', data: new Float64Array(50), unit: 'u', timestamps: a }));
  f.addAcquisition(new TimeSeries({ name: 'ts_c', data: a, unit: 'u', timestamps: a }));
  const p = file('soft.nwb');
  const io = new NWBHDF5IO(p, 'w');
  io.write(f);
  io.close();
  const r = py(`f = h5py.File(sys.argv[1], 'r'); g = lambda n: f.get(n, getlink=True)
print(json.dumps([g('acquisition/ts_b/timestamps').path, g('acquisition/ts_c/data').path, float(f['acquisition/ts_c/data'][:].sum())]))`, p);
  expect(r).toEqual(['/acquisition/ts_a/timestamps', '/acquisition/ts_a/data', 1225]);
});

test('H5DataIO makes an empty resizable dataset that is filled after the write; async iterables stream in', async () => {
  const dio = new H5DataIO({ shape: [0, 4], maxshape: [null, 4], dtype: 'int16', chunks: [16, 4], compression: 'gzip' });
  async function* chunks() {
    for (let i = 0; i < 3; i++) {
      await new Promise((res) => setTimeout(res, 2));
      yield new Float32Array([i, i, i]);
    }
  }
  const f = new NWBFile({ identifier: 'grow', sessionDescription: 'x', sessionStartTime: START });
  f.addAcquisition(new TimeSeries({ name: 'grow', data: dio, unit: 'mV', rate: 10 }));
  f.addAcquisition(new TimeSeries({ name: 'iter', data: chunks(), unit: 'mV', rate: 10 }));
  const p = file('grow.nwb');
  const io = new NWBHDF5IO(p, 'w');
  await io.writeAsync(f);
  expect(dio.dataset).not.toBeNull();
  dio.dataset!.append(new Int16Array([1, 2, 3, 4, 5, 6, 7, 8]));
  io.close();
  const r = py(`f = h5py.File(sys.argv[1], 'r'); d = f['acquisition/grow/data']
print(json.dumps([d[:].tolist(), list(d.maxshape), list(d.chunks), d.compression, f['acquisition/iter/data'][:].tolist()]))`, p);
  expect(r).toEqual([[[1, 2, 3, 4], [5, 6, 7, 8]], [null, 4], [16, 4], 'gzip', [0, 0, 0, 1, 1, 1, 2, 2, 2]]);
});

test('modes: write refused in r, read refused in w, sync write refuses async iterables', () => {
  const p = file('modes.nwb');
  const w = new NWBHDF5IO(p, 'w');
  expect(() => w.read()).toThrow(/mode 'w'/);
  const f = new NWBFile({ identifier: 'm', sessionDescription: 'x', sessionStartTime: START });
  async function* gen() {
    yield new Float64Array([1]);
  }
  f.addAcquisition(new TimeSeries({ name: 'it', data: gen(), unit: 'u', rate: 1 }));
  expect(() => w.write(f)).toThrow(/writeAsync/);
  w.close();
  const r = new NWBHDF5IO(path.join(dir, 'ts_basic.nwb'), 'r');
  expect(() => r.write(r.read())).toThrow(/read-only/);
  r.close();
});

test('bad arguments are refused before anything is written', () => {
  expect(() => new TimeSeries({ name: 'x', data: [1], unit: 'u' } as never)).toThrow(/timestamps or rate/);
  expect(() => new TimeSeries({ name: 'x', data: [1], unit: 'u', rate: 1, timestamps: [0] })).toThrow(/not both/);
  expect(() => new TimeSeries({ name: 'a/b', data: [1], unit: 'u', rate: 1 })).toThrow(/must not contain/);
  expect(() => new TimeSeries({ name: 'x', data: [1], rate: 1 } as never)).toThrow(/unit is required/);
  expect(() => new TimeSeries({ name: 'x', data: [1], unit: 'u', rate: 1, colour: 'red' } as never)).toThrow(/unknown argument 'colour'/);
  expect(() => new NWBFile({ identifier: 'x', sessionDescription: 'y' } as never)).toThrow(/sessionStartTime/);
  expect(() => new NWBFile({ identifier: 'x', sessionDescription: 'y', sessionStartTime: 'yesterday' })).toThrow(/ISO-8601/);
  const f = new NWBFile({ identifier: 'x', sessionDescription: 'y', sessionStartTime: START });
  f.addAcquisition(new TimeSeries({ name: 'dup', data: [1], unit: 'u', rate: 1 }));
  expect(() => f.addAcquisition(new TimeSeries({ name: 'dup', data: [1], unit: 'u', rate: 1 }))).toThrow(/already has 'dup'/);
});

test('a naive datetime gets the local timezone with a warning', () => {
  const warnings: string[] = [];
  const f = new NWBFile({ identifier: 'x', sessionDescription: 'y', sessionStartTime: '2024-05-06T07:08:09', onWarning: (m) => warnings.push(m) });
  expect(f.sessionStartTime).toMatch(/^2024-05-06T07:08:09\.000000[+-]\d{2}:\d{2}$/);
  expect(warnings.join()).toMatch(/no timezone/);
});

test('TimeSeries.sync: uncorrected hardware timestamps are written in the sync group and read back', () => {
  const f = new NWBFile({ identifier: 'sync', sessionDescription: 'x', sessionStartTime: START });
  const ts = new TimeSeries({ name: 'aligned', data: new Float64Array([1, 2, 3]), unit: 'u', timestamps: new Float64Array([0.1, 0.2, 0.3]) });
  ts.addSync('hardware_timestamps', new Float64Array([10.01, 10.02, 10.03]));
  f.addAcquisition(ts);
  const p = file('sync.nwb');
  const io = new NWBHDF5IO(p, 'w');
  io.write(f);
  io.close();
  expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps(f['acquisition/aligned/sync/hardware_timestamps'][:].tolist()))`, p)).toEqual([10.01, 10.02, 10.03]);
  const r = new NWBHDF5IO(p, 'r');
  const back = r.read().getAcquisition('aligned') as TimeSeries;
  expect(Array.from((back.sync.hardware_timestamps as Dataset).read().data as Float64Array)).toEqual([10.01, 10.02, 10.03]);
  r.close();
});
