/**
 * What the schema does not name survives a read: untyped groups and datasets at places the spec does not describe
 * (with their attributes, empty groups too), attributes the spec does not declare on typed objects (with the HDF5
 * type they had), and links to untyped groups (soft links, and hard links back up the tree or to a group read
 * before; a second hard link to a typed group is the same container). An export writes them as they were; an
 * append leaves them alone unless changed. h5py judges the files.
 */
import { NWBFile, NWBHDF5IO, TimeSeries, validate } from '../../lib';
import { hdmfValidate, py, tmpDir } from '../helpers';

const { file } = tmpDir('nwb-untyped');

/** An NWB file of ours, then extra content added by h5py the way a lab's own script would. */
function source(name: string, loop: boolean): string {
  const p = file(name);
  const f = new NWBFile({ sessionDescription: 'extras', identifier: 'extras-1', sessionStartTime: new Date('2024-01-01T00:00:00Z') });
  f.addAcquisition(new TimeSeries({ name: 'ts', data: Float64Array.of(1, 2, 3), unit: 'V', rate: 10 }));
  const io = new NWBHDF5IO(p, 'w');
  io.write(f);
  io.close();
  py(`
f = h5py.File(sys.argv[1], 'a')
g = f.create_group('general/lab_notes')
g.attrs['note'] = 'kept'
g.attrs['count'] = np.int32(7)
d = g.create_dataset('gains', data=np.array([1, 2, 3], dtype='<i2'))
d.attrs['units'] = np.array([4, 5], dtype='<u2')
g.create_group('deeper').attrs['flag'] = np.uint8(1)
f.create_group('general/empty_notes')
f['general/notes_alias'] = h5py.SoftLink('/general/lab_notes')
f['general/notes_again'] = f['general/lab_notes']
f['general/gains_alias'] = h5py.SoftLink('/general/lab_notes/gains')
if sys.argv[2] == '1':
    f['general/lab_notes/up'] = f['general']
f['acquisition/ts'].attrs['rig'] = np.float32(1.5)
f['acquisition/ts/data'].attrs['adc_bits'] = np.int8(-3)
f.attrs['pipeline_version'] = np.uint16(9)
f.create_group('lab_extras/inner').attrs['x'] = 'y'
f.close()
print(json.dumps(1))
`, p, loop ? '1' : '0');
  return p;
}

/** What h5py sees of the extra content of a file. */
function extras(p: string): any {
  return py(`
f = h5py.File(sys.argv[1], 'r')
def link(parent, name):
    l = f[parent].get(name, getlink=True)
    if l is None: return None
    if isinstance(l, h5py.SoftLink): return ['soft', l.path]
    if isinstance(l, h5py.ExternalLink): return ['external', l.path]
    return ['hard']
def attrs(o):
    return {k: [v.decode() if isinstance(v, bytes) else (v.tolist() if hasattr(v, 'tolist') else v), str(getattr(v, 'dtype', type(v).__name__))] for k, v in o.attrs.items()}
g = f['general']
out = {
  'links': {n: link('general', n) for n in ['lab_notes', 'empty_notes', 'notes_alias', 'notes_again', 'gains_alias']},
  'up': link('general/lab_notes', 'up'),
  'notes': attrs(g['lab_notes']), 'again': attrs(g['notes_again']),
  'gains': g['lab_notes/gains'][()].tolist(), 'gains_dtype': str(g['lab_notes/gains'].dtype), 'gains_attrs': attrs(g['lab_notes/gains']),
  'deeper': attrs(g['lab_notes/deeper']), 'empty': list(g['empty_notes'].keys()),
  'ts': attrs(f['acquisition/ts'])['rig'], 'ts_data': attrs(f['acquisition/ts/data'])['adc_bits'],
  'root': attrs(f)['pipeline_version'], 'inner': attrs(f['lab_extras/inner']),
  'specifications': sorted(f['specifications'].keys()),
}
print(json.dumps(out))
`, p);
}

const expected = {
  links: {
    lab_notes: ['hard'], empty_notes: ['hard'], notes_alias: ['soft', '/general/lab_notes'],
    gains_alias: ['soft', '/general/lab_notes/gains'],
  },
  notes: { note: ['kept', 'str'], count: [7, 'int32'] },
  gains: [1, 2, 3], gains_dtype: 'int16', gains_attrs: { units: [[4, 5], 'uint16'] },
  deeper: { flag: [1, 'uint8'] }, empty: [],
  ts: [1.5, 'float32'], ts_data: [-3, 'int8'], root: [9, 'uint16'], inner: { x: ['y', 'str'] },
  specifications: ['core', 'hdmf-common'],
};

test('an export writes the untyped content, extra attributes and links to untyped groups as they were', () => {
  const src = source('src.nwb', true);
  const before = extras(src);
  expect(before).toMatchObject(expected);
  expect(before.links.notes_again).toEqual(['hard']);
  expect(before.up).toEqual(['hard']);

  const io = new NWBHDF5IO(src, 'r');
  const nwb = io.read();
  expect(nwb.get('general/lab_notes@count')).toBe(7);
  expect(nwb.get('general/empty_notes/')).toBe(true);
  expect(validate(nwb)).toEqual([]);
  const out = new NWBHDF5IO(file('exported.nwb'), 'w');
  out.export({ srcIo: io });
  out.close();
  io.close();

  const after = extras(file('exported.nwb'));
  expect(after).toMatchObject(expected);
  // The second hard link to the same group and the hard link back up the tree are written as soft links to the
  // group: shared, not copied (and not followed for ever).
  expect(after.links.notes_again).toEqual(['soft', '/general/lab_notes']);
  expect(after.again).toEqual(after.notes);
  expect(after.up).toEqual(['soft', '/general']);
  expect(validate(file('exported.nwb'))).toEqual([]);
});

test('the exported file validates against the official schema (HDMF)', () => {
  // (without the link back up the tree: HDMF's validator recurses through it without end, on the source too)
  const src = source('src-noloop.nwb', false);
  const io = new NWBHDF5IO(src, 'r');
  io.read();
  const out = new NWBHDF5IO(file('exported-noloop.nwb'), 'w');
  out.export({ srcIo: io });
  out.close();
  io.close();
  expect(extras(file('exported-noloop.nwb'))).toMatchObject(expected);
  expect(hdmfValidate(file('exported-noloop.nwb'))).toEqual([]);
});

test('an append leaves the extra content alone, and writes a changed attribute of it', () => {
  const p = source('append.nwb', false);
  const io = new NWBHDF5IO(p, 'a');
  const nwb = io.read();
  nwb.addAcquisition(new TimeSeries({ name: 'ts2', data: Float64Array.of(4, 5), unit: 'V', rate: 1 }));
  nwb.set('general/lab_notes@note', 'changed');
  io.write(nwb);
  io.close();

  const after = extras(p);
  expect(after).toMatchObject({ ...expected, notes: { note: ['changed', 'str'], count: [7, 'int32'] } });
  // Still the one group under two hard links, as h5py made it.
  expect(after.links.notes_again).toEqual(['hard']);
  expect(after.again).toEqual(after.notes);
  expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps(sorted(f['acquisition'])))`, p)).toEqual(['ts', 'ts2']);
});

test('written into another file (not an export), a soft link to an untyped group becomes an external link to it', () => {
  const src = source('linked-src.nwb', false);
  const io = new NWBHDF5IO(src, 'r');
  const nwb = io.read();
  const out = new NWBHDF5IO(file('linked.nwb'), 'w');
  out.write(nwb);
  out.close();
  io.close();
  expect(py(`
f = h5py.File(sys.argv[1], 'r')
l = f['general'].get('notes_alias', getlink=True)
print(json.dumps([type(l).__name__, l.filename, l.path, f['general/notes_alias'].attrs['note']]))
`, file('linked.nwb'))).toEqual(['ExternalLink', 'linked-src.nwb', '/general/lab_notes', 'kept']);
});

test('a second hard link to a typed group is the same container, exported as a link to it and kept by an append', () => {
  const p = file('typed-twice.nwb');
  const f = new NWBFile({ sessionDescription: 'twice', identifier: 'twice-1', sessionStartTime: new Date('2024-01-01T00:00:00Z') });
  f.addAcquisition(new TimeSeries({ name: 'ts', data: Float64Array.of(1, 2, 3), unit: 'V', rate: 10 }));
  f.createProcessingModule({ name: 'mod', description: 'shared series' });
  const w = new NWBHDF5IO(p, 'w');
  w.write(f);
  w.close();
  py(`
f = h5py.File(sys.argv[1], 'a')
f['processing/mod/ts'] = f['acquisition/ts']
f.close()
print('null')
`, p);
  const layout = (q: string) => py(`
f = h5py.File(sys.argv[1], 'r')
l = f['processing/mod'].get('ts', getlink=True)
print(json.dumps([type(l).__name__, getattr(l, 'path', None), f['processing/mod/ts'].id == f['acquisition/ts'].id,
                  f['processing/mod/ts/data'][()].tolist(), sorted(f['acquisition'])]))
`, q);
  expect(layout(p)).toEqual(['HardLink', null, true, [1, 2, 3], ['ts']]);

  const io = new NWBHDF5IO(p, 'r');
  const nwb = io.read();
  const inAcquisition = nwb.acquisition.get('ts');
  expect(inAcquisition).toBeInstanceOf(TimeSeries);
  expect(nwb.processing.get('mod')!.get('ts')).toBe(inAcquisition);
  expect(inAcquisition!.parent).toBe(nwb);
  expect(validate(nwb)).toEqual([]);
  const out = new NWBHDF5IO(file('typed-twice-exported.nwb'), 'w');
  out.export({ srcIo: io });
  out.close();
  io.close();
  // Written once, and linked from the second place (HDMF's export does the same).
  expect(layout(file('typed-twice-exported.nwb'))).toEqual(['SoftLink', '/acquisition/ts', true, [1, 2, 3], ['ts']]);
  expect(hdmfValidate(file('typed-twice-exported.nwb'))).toEqual([]);

  const a = new NWBHDF5IO(p, 'a');
  const again = a.read();
  again.addAcquisition(new TimeSeries({ name: 'ts2', data: Float64Array.of(4, 5), unit: 'V', rate: 1 }));
  a.write(again);
  a.close();
  expect(layout(p)).toEqual(['HardLink', null, true, [1, 2, 3], ['ts', 'ts2']]);
});

test('an append removes a cleared link to an untyped group (the link only, not its target) and a cleared untyped attribute', () => {
  const p = source('cleared-links.nwb', false);
  const io = new NWBHDF5IO(p, 'a');
  const nwb = io.read();
  expect(nwb.get('general/notes_alias')).toBeDefined();
  nwb.set('general/notes_alias', undefined);
  nwb.set('general/lab_notes@count', undefined);
  nwb.set('general/lab_notes/gains@units', undefined);
  io.write(nwb);
  io.close();
  const after = extras(p);
  expect(after.links.notes_alias).toBeNull();
  expect(after.links.lab_notes).toEqual(['hard']);
  expect(after.notes).toEqual({ note: ['kept', 'str'] });
  expect(after.gains_attrs).toEqual({});
  expect(after.gains).toEqual([1, 2, 3]);
  expect(after.links.gains_alias).toEqual(['soft', '/general/lab_notes/gains']);
});
