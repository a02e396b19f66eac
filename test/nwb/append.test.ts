/**
 * Append mode: read a file with mode 'a' or 'r+', add containers and table rows, write again on the same IO.
 * What is new is written; tables that grew are updated (in place when their datasets can grow, else replaced
 * by growable ones with every reference to them rewritten); nothing else changes. h5py judges the result.
 */
import { ElectrodeGroup, NWBHDF5IO, TimeSeries } from '../../lib';
import { copyFixtures, hdmfValidate, py, tmpDir } from '../helpers';

const { dir } = tmpDir('nwb-append');
copyFixtures(dir);
const fx = (n: string) => `${dir}/${n}`;

function view(p: string): any {
  return py(`
f = h5py.File(sys.argv[1], 'r')
u = f['units']
e = f['general/extracellular_ephys/electrodes']
t = f['intervals/trials']
def s(x):
    return x.decode() if isinstance(x, bytes) else x
print(json.dumps({
  'acquisition': sorted(f['acquisition']),
  'raw_sum': int(f['acquisition/raw/data'][()].astype('i8').sum()),
  'trials': [t['start_time'][()].tolist(), t['stop_time'][()].tolist(), [s(x) for x in t['stim'][()]], t['id'][()].tolist()],
  'units_n': len(u['id']), 'index_dtype': str(u['spike_times_index'].dtype), 'index_last': int(u['spike_times_index'][-1]),
  'spikes_n': len(u['spike_times']), 'spikes_head': u['spike_times'][:9].tolist(),
  'target': f[u['spike_times_index'].attrs['target']].name, 'units_table': f[u['electrodes'].attrs['table']].name,
  'spikes_maxshape': list(u['spike_times'].maxshape),
  'electrodes': [len(e['id']), [f[r].name for r in e['group'][()]], [s(x) for x in e['location'][()]]],
  'raw_region_table': f[f['acquisition/raw/electrodes'].attrs['table']].name,
}))
`, p);
}

test('new containers, trial rows, units past a uint8 index, and electrodes are written; the rest is unchanged', () => {
  const before = view(fx('ecephys.nwb'));
  const io = new NWBHDF5IO(fx('ecephys.nwb'), 'a');
  const f = io.read();
  f.addAcquisition(new TimeSeries({ name: 'added', data: Float64Array.of(1, 2, 3), unit: 'V', rate: 10 }));
  f.addTrial({ startTime: 3, stopTime: 3.5, stim: 's3' } as never);
  // 100 more units with 3 spikes each: the spike_times_index (uint8 in PyNWB's file) must grow to uint16
  for (let i = 0; i < 100; i++) f.addUnit({ spikeTimes: [i, i + 0.5, i + 0.75], quality: 'good', electrodes: [i % 4], obsIntervals: [[0, 1]] } as never);
  f.addElectrode({ location: 'CA3', group: f.electrodeGroups.get('shank0') as ElectrodeGroup, x: 4, y: 0, z: -40, label: 'ch4', impedance_ohm: 1e6 + 4 } as never);
  io.write(f);
  io.close();

  const after = view(fx('ecephys.nwb'));
  expect(after.acquisition).toEqual(['added', 'raw']);
  expect(after.raw_sum).toBe(before.raw_sum);
  expect(after.trials).toEqual([[0, 1, 2, 3], [0.5, 1.5, 2.5, 3.5], ['s0', 's1', 's2', 's3'], [0, 1, 2, 3]]);
  expect(after.units_n).toBe(103);
  expect(after.index_dtype).toBe('uint16');
  expect(after.index_last).toBe(9 + 300);
  expect(after.spikes_n).toBe(309);
  expect(after.spikes_head).toEqual(before.spikes_head);
  expect(after.target).toBe('/units/spike_times');
  expect(after.units_table).toBe('/general/extracellular_ephys/electrodes');
  expect(after.spikes_maxshape).toEqual([null]);
  expect(after.electrodes[0]).toBe(5);
  expect(after.electrodes[1]).toEqual(Array(5).fill('/general/extracellular_ephys/shank0'));
  expect(after.electrodes[2]).toEqual(['CA1', 'CA1', 'CA1', 'CA1', 'CA3']);
  expect(after.raw_region_table).toBe('/general/extracellular_ephys/electrodes');

  // and it reads back whole
  const r = new NWBHDF5IO(fx('ecephys.nwb'), 'r');
  const g = r.read();
  expect(r.brokenLinks()).toEqual([]);
  expect(g.units!.length).toBe(103);
  expect(g.units!.row(102)).toMatchObject({ id: 102, quality: 'good', spike_times: [99, 99.5, 99.75] });
  expect(g.trials!.length).toBe(4);
  r.close();
});

test('a second append grows the now-growable datasets in place (r+)', () => {
  const io = new NWBHDF5IO(fx('ecephys.nwb'), 'r+');
  const f = io.read();
  f.addUnit({ spikeTimes: [500], quality: 'mua', electrodes: [0], obsIntervals: [[0, 2]] } as never);
  f.addTrial({ startTime: 4, stopTime: 4.5, stim: 's4' } as never);
  io.write(f);
  io.close();
  const v = view(fx('ecephys.nwb'));
  expect(v.units_n).toBe(104);
  expect(v.spikes_n).toBe(310);
  expect(v.index_last).toBe(310);
  expect(v.trials[2]).toEqual(['s0', 's1', 's2', 's3', 's4']);
  expect(v.target).toBe('/units/spike_times');
});

test('appending to a file written by h5nwb: only the new series is written, the old one is untouched', () => {
  const p = fx('own.nwb');
  const { NWBFile } = require('../../lib');
  const f0 = new NWBFile({ identifier: 'own', sessionDescription: 'appended later', sessionStartTime: '2024-01-02T03:04:05.123456-08:00' });
  f0.addAcquisition(new TimeSeries({ name: 'first', data: Float32Array.of(1, 2, 3), unit: 'V', rate: 1 }));
  const w = new NWBHDF5IO(p, 'w');
  w.write(f0);
  w.close();
  const oid = py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps(f['acquisition/first'].attrs['object_id']))`, p);
  const io = new NWBHDF5IO(p, 'a');
  const f = io.read();
  f.addAcquisition(new TimeSeries({ name: 'second', data: Float32Array.of(4, 5), unit: 'V', rate: 1 }));
  io.write(f);
  io.close();
  const v = py(`
f = h5py.File(sys.argv[1], 'r')
print(json.dumps([sorted(f['acquisition']), f['acquisition/first'].attrs['object_id'], f['acquisition/second/data'][()].tolist()]))
`, p);
  expect(v).toEqual([['first', 'second'], oid, [4, 5]]);
});

test('fields changed on containers read in mode a are written: attributes of untyped members (rate), the root\'s datasets, group and dataset attributes', () => {
  const p = fx('changed.nwb');
  const { NWBFile } = require('../../lib');
  const f0 = new NWBFile({ identifier: 'id1', sessionDescription: 'changed later', sessionStartTime: '2024-01-02T03:04:05.123456-08:00', sourceScript: 'a.py', sourceScriptFileName: 'a.py' });
  f0.addAcquisition(new TimeSeries({ name: 'ts', data: Float64Array.of(1, 2, 3), unit: 'V', rate: 10 }));
  f0.addAcquisition(new TimeSeries({ name: 'kept', data: Float64Array.of(9), unit: 'A', rate: 5 }));
  const w = new NWBHDF5IO(p, 'w');
  w.write(f0);
  w.close();
  const io = new NWBHDF5IO(p, 'a');
  const f = io.read();
  const ts = f.acquisition.get('ts') as TimeSeries;
  Object.assign(ts, { unit: 'mV', rate: 20, description: 'resampled' });
  Object.assign(f, { identifier: 'id2', sourceScriptFileName: 'b.py' });
  io.write(f);
  io.close();
  const v = py(`
f = h5py.File(sys.argv[1], 'r')
t = f['acquisition/ts']
k = f['acquisition/kept']
s = lambda x: x.decode() if isinstance(x, bytes) else x
print(json.dumps([s(f['identifier'][()]), s(f['general/source_script'][()]), s(f['general/source_script'].attrs['file_name']),
  s(t['data'].attrs['unit']), float(t['starting_time'].attrs['rate']), s(t.attrs['description']), t['data'][()].tolist(),
  s(k['data'].attrs['unit']), float(k['starting_time'].attrs['rate'])]))
`, p);
  expect(v).toEqual(['id2', 'a.py', 'b.py', 'mV', 20, 'resampled', [1, 2, 3], 'A', 5]);
  const r = new NWBHDF5IO(p, 'r');
  try {
    const g = r.read();
    const t = g.acquisition.get('ts') as TimeSeries;
    expect([g.identifier, t.unit, t.rate, (g.acquisition.get('kept') as TimeSeries).rate]).toEqual(['id2', 'mV', 20, 5]);
  } finally {
    r.close();
  }
});

test('fields cleared (set to undefined) on containers read in mode a are removed from the file; a default takes the place of a cleared attribute that has one', () => {
  const p = fx('cleared.nwb');
  const { NWBFile, Subject } = require('../../lib');
  const f0 = new NWBFile({
    identifier: 'id1', sessionDescription: 'cleared later', sessionStartTime: '2024-01-02T03:04:05Z', lab: 'L', institution: 'I',
    subject: new Subject({ subjectId: 'm1', species: 'Mus musculus' }),
  });
  f0.addAcquisition(new TimeSeries({ name: 'ts', data: Float64Array.of(1, 2, 3), unit: 'V', rate: 10, comments: 'c', continuity: 'step' }));
  f0.addAcquisition(new TimeSeries({ name: 'other', data: Float64Array.of(4), unit: 'V', rate: 1, description: 'first', continuity: 'step' }));
  const w = new NWBHDF5IO(p, 'w');
  w.write(f0);
  w.close();
  const look = () => py(`
f = h5py.File(sys.argv[1], 'r')
g = f['general']
t = f['acquisition/ts']
o = f['acquisition/other']
s = lambda x: x.decode() if isinstance(x, bytes) else x
print(json.dumps({'general': sorted(g), 'comments': s(t.attrs['comments']), 'ts_data_attrs': sorted(t['data'].attrs),
  'other': [s(o.attrs['description']), s(o['data'].attrs['continuity'])], 'data': t['data'][()].tolist(), 'identifier': s(f['identifier'][()])}))
`, p);
  const before = look();
  expect(before.general).toEqual(['institution', 'lab', 'subject']);
  expect(before.ts_data_attrs).toContain('continuity');

  // A required field cleared: the write refuses (the schema needs it) and the file is left as it was.
  const bad = new NWBHDF5IO(p, 'a');
  const g = bad.read();
  g.set('identifier', undefined);
  g.lab = undefined;
  expect(() => bad.write(g)).toThrow(/identifier/);
  bad.close();
  expect(look()).toEqual(before);

  const io = new NWBHDF5IO(p, 'a');
  const f = io.read();
  f.lab = undefined;
  f.subject = undefined;
  const ts = f.acquisition.get('ts') as TimeSeries;
  ts.comments = undefined as never;
  ts.continuity = undefined;
  const other = f.acquisition.get('other') as TimeSeries;
  other.description = undefined as never; // given a value again below: written, not removed
  other.description = 'second';
  io.write(f);
  io.close();
  expect(look()).toEqual({
    general: ['institution'], comments: 'no comments', ts_data_attrs: before.ts_data_attrs.filter((a: string) => a !== 'continuity'),
    other: ['second', 'step'], data: [1, 2, 3], identifier: 'id1',
  });
  expect(hdmfValidate(p)).toEqual([]);
  const r = new NWBHDF5IO(p, 'r');
  try {
    const back = r.read();
    expect([back.lab, back.subject, back.institution, (back.acquisition.get('ts') as TimeSeries).continuity]).toEqual([undefined, undefined, 'I', undefined]);
  } finally {
    r.close();
  }
});
