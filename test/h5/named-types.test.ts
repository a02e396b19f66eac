/**
 * Named (committed) datatypes: a datatype stored in the file as an object of its own. h5py writes them with
 * `group[name] = numpy.dtype(...)`; a group holding one must list, iterate and visit as any other, and the
 * types h5nwb stores must be the ones h5py and h5dump see.
 */
import { Dataset, Datatype, ErrorCodes, File, Group, Hdf5Error } from '../../lib';
import { h5dump, py, thrown, tmpDir } from '../helpers';

const { file } = tmpDir('named-types');

const PAIR = {
  class: 'compound' as const,
  fields: [
    { name: 'x', type: { class: 'integer' as const, size: 4 as const, signed: true } },
    { name: 'y', type: { class: 'float' as const, size: 8 as const } },
  ],
};

describe('named datatypes written by h5py', () => {
  const p = file('from-h5py.h5');
  beforeAll(() => {
    py(
      `with h5py.File(sys.argv[1], 'w') as f:
    f['grp/mytype'] = np.dtype([('a', '<i4'), ('b', '<f8')])
    f['grp/mytype'].attrs['note'] = 'a pair'
    f.create_dataset('grp/d', (2,), dtype=f['grp/mytype'])
    f['grp/d'][0] = (1, 0.5)
    f['grp/sub/x'] = np.arange(3)
print('null')`,
      p,
    );
  });

  test('get(), keys(), values(), entries() and visitItems() see the type as a Datatype', () => {
    const f = File.open(p, 'r');
    const g = f.getGroup('grp');
    expect(g.keys()).toEqual(['d', 'mytype', 'sub']);
    const t = g.get('mytype');
    expect(t).toBeInstanceOf(Datatype);
    const dt = t as Datatype;
    expect(dt.name).toBe('/grp/mytype');
    expect(dt.dtype).toBe('compound');
    expect((dt.dtypeInfo as { fields: { name: string }[] }).fields.map((x) => x.name)).toEqual(['a', 'b']);
    expect(dt.attrs.get('note')).toBe('a pair');
    expect(g.values().map((o) => o.constructor.name)).toEqual(['Dataset', 'Datatype', 'Group']);
    expect(g.entries().map(([k, o]) => [k, o instanceof Datatype])).toEqual([['d', false], ['mytype', true], ['sub', false]]);
    const seen: [string, string][] = [];
    f.visitItems((name, o) => {
      seen.push([name, o.constructor.name]);
      return undefined;
    });
    expect(seen).toEqual([['grp', 'Group'], ['grp/d', 'Dataset'], ['grp/mytype', 'Datatype'], ['grp/sub', 'Group'], ['grp/sub/x', 'Dataset']]);
    // the dataset that uses it reads as any compound dataset
    expect((g.getDataset('d').read().data as unknown[])[0]).toEqual({ a: 1, b: 0.5 });
    // the type is an object: identity, references
    expect(dt.equals(f.deref(dt.ref()))).toBe(true);
    f.close();
  });

  test('getGroup/getDataset on a named datatype: a TypeError that says what it is', () => {
    const f = File.open(p, 'r');
    expect(thrown(() => f.getGroup('grp/mytype')).message).toBe("'/grp/mytype' is a named datatype, not a group");
    expect(thrown(() => f.getDataset('grp/mytype')).message).toBe("'/grp/mytype' is a named datatype, not a dataset");
    f.close();
  });

  test('copy() copies a named datatype into another file', () => {
    const q = file('copied-type.h5');
    const f = File.open(p, 'r');
    const out = File.open(q, 'w');
    f.copy('grp/mytype', out, 'pair');
    out.close();
    f.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r'); t = f['pair']; print(json.dumps([type(t).__name__, t.dtype.names, t.attrs['note']]))`, q)).toEqual([
      'Datatype', ['a', 'b'], 'a pair',
    ]);
  });
});

describe('commitDatatype', () => {
  test('datasets and attributes created with the Datatype share it (h5py and h5dump see one stored type)', () => {
    const p = file('committed.h5');
    const f = File.open(p, 'w');
    const pair = f.commitDatatype('types/pair', PAIR);
    expect(pair).toBeInstanceOf(Datatype);
    expect(pair.name).toBe('/types/pair');
    const f32 = f.commitDatatype('f32', 'float32');
    const d = f.createDataset('data', { dtype: pair, data: [{ x: 1, y: 2.5 }, { x: 3, y: 4.5 }] });
    expect(d.dtype).toBe('compound');
    f.createDataset('fl', { dtype: f32, data: [1, 2, 3] });
    f.attrs.set('one', { x: 7, y: 8 }, { dtype: pair });
    const s = f.commitDatatype('label', 'string', { stringLength: 8, encoding: 'ascii' });
    f.createDataset('labels', { dtype: s, data: ['ab', 'cd'] });
    f.close();

    const r = py(
      `f = h5py.File(sys.argv[1], 'r')
t = f['types/pair']
print(json.dumps({
  'kind': type(t).__name__,
  'shared': [f['data'].id.get_type().committed(), f['fl'].id.get_type().committed(), f['labels'].id.get_type().committed()],
  'same': f['data'].id.get_type() == t.id,
  'data': [list(map(float, v)) for v in f['data'][:]],
  'fl': f['fl'][:].tolist(), 'fldtype': str(f['fl'].dtype),
  'attr': list(map(float, f.attrs['one'])),
  'labels': [v.decode() for v in f['labels'][:]], 'labeldtype': str(f['label'].dtype),
}))`,
      p,
    );
    expect(r).toEqual({
      kind: 'Datatype', shared: [true, true, true], same: true, data: [[1, 2.5], [3, 4.5]], fl: [1, 2, 3], fldtype: 'float32',
      attr: [7, 8], labels: ['ab', 'cd'], labeldtype: '|S8',
    });
    const dump = h5dump(p, '-H');
    expect(dump).toContain('DATATYPE  "/types/pair"');
    expect(dump).toContain('DATATYPE "f32" H5T_IEEE_F32LE;');
  });

  test('refusals: a taken name, a type already stored, a closed Datatype, bad options', () => {
    const p = file('refusals.h5');
    const f = File.open(p, 'w');
    const t = f.commitDatatype('t', 'int16');
    f.createGroup('g');
    const taken = thrown(() => f.commitDatatype('g', 'int8'));
    expect({ cls: taken instanceof Hdf5Error, code: taken.code, path: taken.path }).toEqual({ cls: true, code: ErrorCodes.EXISTS, path: '/g' });
    expect(thrown(() => f.commitDatatype('again', t)).message).toMatch(/already stored as '\/t'/);
    expect(thrown(() => f.commitDatatype('x', 'int7' as never)).name).toBe('TypeError');
    expect(thrown(() => f.commitDatatype('x', 'int8', { length: 3 } as never)).name).toBe('TypeError');
    t.close();
    const closed = thrown(() => f.createDataset('d', { dtype: t, data: [1] }));
    expect({ code: closed.code, path: closed.path }).toEqual({ code: ErrorCodes.CLOSED, path: '/t' });
    expect(f.has('d')).toBe(false);
    expect(f.has('x')).toBe(false);
    f.close();
    // what was stored before the refusals is intact
    expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps([sorted(f), str(f['t'].dtype)]))`, p)).toEqual([['g', 't'], 'int16']);
  });

  test('a Datatype of another file gives a copy of the type (as HDF5 and h5py do)', () => {
    const a = File.open(file('types-a.h5'), 'w');
    const b = File.open(file('types-b.h5'), 'w');
    const t = a.commitDatatype('t', 'uint16');
    const d = b.createDataset('d', { dtype: t, data: [1, 2] });
    expect(d.dtypeInfo).toEqual({ class: 'integer', size: 2, signed: false, order: 'le' });
    a.close();
    b.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps([f['d'].id.get_type().committed(), f['d'][:].tolist()]))`, file('types-b.h5'))).toEqual([false, [1, 2]]);
  });

  test('a group with a named datatype stays usable: Group and Dataset are unaffected', () => {
    const p = file('mixed.h5');
    const f = File.open(p, 'w');
    f.commitDatatype('t', 'int32');
    f.createDataset('d', { data: new Int32Array([5]) });
    f.createGroup('g');
    const kinds = f.values().map((o) => (o instanceof Group ? 'group' : o instanceof Dataset ? 'dataset' : 'datatype'));
    expect(kinds).toEqual(['dataset', 'group', 'datatype']);
    expect(f.values()[2]).toBeInstanceOf(Datatype);
    f.close();
  });
});
