/**
 * Extensions: a file whose /specifications caches a namespace we do not ship (written here with h5py the way
 * PyNWB caches one) reads with that namespace's types — a new group type and a TimeSeries subtype with an extra
 * dataset — and writes them back (append and export), its namespace cached in the new file.
 */
import { Container, NWBHDF5IO, TimeSeries } from '../../lib';
import { copyFixtures, py, tmpDir } from '../helpers';

const { dir } = tmpDir('nwb-ext');
copyFixtures(dir);
const fx = (n: string) => `${dir}/${n}`;

const NAMESPACE = {
  namespaces: [{
    name: 'ndx-rig', doc: 'test extension', author: ['Test'], contact: ['test@example.org'], version: '0.1.0',
    schema: [{ namespace: 'core', neurodata_types: ['LabMetaData', 'TimeSeries'] }, { source: 'ndx-rig.extensions' }],
  }],
};
const SOURCE = {
  groups: [
    {
      neurodata_type_def: 'RigMetaData', neurodata_type_inc: 'LabMetaData', doc: 'the rig used',
      attributes: [{ name: 'rig_temperature', dtype: 'float64', doc: 'degrees C' }],
      datasets: [{ name: 'rig_id', dtype: 'text', doc: 'rig identifier' }],
    },
    {
      neurodata_type_def: 'GainSeries', neurodata_type_inc: 'TimeSeries', doc: 'a series with its amplifier gain',
      datasets: [{ name: 'gain', dtype: 'float32', doc: 'amplifier gain', attributes: [{ name: 'unit', dtype: 'text', doc: 'unit', required: false }] }],
    },
  ],
};

beforeAll(() => {
  // Add the namespace cache and two objects of its types to a PyNWB file, as PyNWB would write them.
  py(`
import uuid
f = h5py.File(sys.argv[1], 'r+')
s = h5py.string_dtype('utf-8')
g = f['specifications'].create_group('ndx-rig/0.1.0')
g.create_dataset('namespace', data=sys.argv[2], dtype=s)
g.create_dataset('ndx-rig.extensions', data=sys.argv[3], dtype=s)
m = f['general'].create_group('rig')
for k, v in [('namespace', 'ndx-rig'), ('neurodata_type', 'RigMetaData'), ('object_id', str(uuid.uuid4()))]:
    m.attrs.create(k, v, dtype=s)
m.attrs['rig_temperature'] = 21.5
m.create_dataset('rig_id', data='rig-7', dtype=s)
t = f['acquisition'].create_group('gain_ts')
for k, v in [('namespace', 'ndx-rig'), ('neurodata_type', 'GainSeries'), ('object_id', str(uuid.uuid4())), ('description', 'with gain'), ('comments', 'no comments')]:
    t.attrs.create(k, v, dtype=s)
d = t.create_dataset('data', data=np.arange(10, dtype='f8'))
d.attrs.create('unit', 'V', dtype=s); d.attrs['conversion'] = 1.0; d.attrs['resolution'] = -1.0; d.attrs['offset'] = 0.0
st = t.create_dataset('starting_time', data=0.0)
st.attrs['rate'] = 100.0; st.attrs.create('unit', 'seconds', dtype=s)
gn = t.create_dataset('gain', data=np.float32(250.0))
gn.attrs.create('unit', 'V/V', dtype=s)
print(json.dumps(True))
`, fx('ts_basic.nwb'), JSON.stringify(NAMESPACE), JSON.stringify(SOURCE));
});

test('a file with a cached extension reads with the extension types', () => {
  const io = new NWBHDF5IO(fx('ts_basic.nwb'), 'r');
  const f = io.read();
  expect(io.manager.catalog.has('RigMetaData')).toBe(true);
  const rig = f.labMetaData.get('rig')!;
  expect(rig.neurodataType).toBe('RigMetaData');
  expect(rig.namespace).toBe('ndx-rig');
  expect(rig.get('@rig_temperature')).toBe(21.5);
  expect(rig.get('rig_id')).toBe('rig-7');
  const g = f.getAcquisition('gain_ts');
  expect(g).toBeInstanceOf(TimeSeries); // a TimeSeries subtype gets TimeSeries' class
  expect((g as TimeSeries).rate).toBe(100);
  expect((g as TimeSeries).readData().data).toEqual(Float64Array.from({ length: 10 }, (_, i) => i));
  expect(g.get('gain')).toBeCloseTo(250);
  expect(g.get('gain@unit')).toBe('V/V');
  io.close();
});

test('extension objects are written back by append and export, with the namespace cached', () => {
  const io = new NWBHDF5IO(fx('ts_basic.nwb'), 'a');
  const f = io.read();
  // a new object of an extension type, made as a generic container
  const extra = new Container('GainSeries', 'gain_ts2', 'ndx-rig');
  extra.set('data', Float64Array.of(1, 2, 3)).set('data@unit', 'V').set('timestamps', Float64Array.of(0, 1, 2)).set('gain', 2).set('gain@unit', 'V/V');
  f.addAcquisition(extra);
  io.write(f);
  const out = fx('ext-export.nwb');
  const w = new NWBHDF5IO(out, 'w');
  w.export({ srcIo: io });
  w.close();
  io.close();
  for (const p of [fx('ts_basic.nwb'), out]) {
    const v = py(`
f = h5py.File(sys.argv[1], 'r')
def s(x):
    return x.decode() if isinstance(x, bytes) else x
a = f['acquisition/gain_ts2']
print(json.dumps([s(a.attrs['neurodata_type']), s(a.attrs['namespace']), float(a['gain'][()]), str(a['gain'].dtype), a['data'][()].tolist(),
  sorted(f['specifications/ndx-rig']), s(f['general/rig'].attrs['neurodata_type']), s(f['general/rig/rig_id'][()])]))
`, p);
    // A plain JS number at a float32 place is written float64, as HDMF upcasts a Python float (spec dtypes are minimums).
    expect(v).toEqual(['GainSeries', 'ndx-rig', 2, 'float64', [1, 2, 3], ['0.1.0'], 'RigMetaData', 'rig-7']);
  }
  const r = new NWBHDF5IO(out, 'r');
  const back = r.read();
  expect(back.getAcquisition('gain_ts2').neurodataType).toBe('GainSeries');
  expect(back.labMetaData.get('rig')!.get('@rig_temperature')).toBe(21.5);
  r.close();
});
