/**
 * Attributes on files, groups and datasets: every value kind h5nwb writes (checked with h5py: dtype, shape,
 * string encoding, value), name order, has/delete/keys, argument errors, and every attribute type h5py writes.
 */
import { Dataset, ErrorCodes, File, Group, H5Object, Hdf5Error, Reference } from '../../lib';
import { py, thrown, tmpDir } from '../helpers';

const { file } = tmpDir('attrs');

/** h5py's view of all attributes of one object: dtype, string info, shape, and a JSON-able value. */
function pyAttrs(p: string, objPath: string): Record<string, { dtype: string; str: [string, number | null] | null; shape: number[] | null; value: unknown; isBool?: boolean }> {
  return py(
    `f = h5py.File(sys.argv[1], 'r'); o = f[sys.argv[2]]
def conv(v):
    if isinstance(v, h5py.Empty): return {'empty': str(v.dtype)}
    if isinstance(v, h5py.Reference): return {'ref': f[v].name if v else None}
    if isinstance(v, np.ndarray): return [conv(x) for x in v]
    if isinstance(v, (bytes, np.bytes_)): return v.decode('utf-8')
    if isinstance(v, np.integer) and v.dtype.itemsize == 8: return str(int(v))
    if isinstance(v, np.generic): return v.item()
    return v
out = {}
for k in o.attrs:
    a = o.attrs.get_id(k)
    si = h5py.check_string_dtype(a.dtype)
    v = o.attrs[k]
    out[k] = {'dtype': str(a.dtype), 'str': [si.encoding, si.length] if si else None, 'shape': list(a.shape) if a.shape is not None else None,
              'value': conv(v), 'isBool': isinstance(v, np.bool_) or (isinstance(v, np.ndarray) and v.dtype == bool)}
print(json.dumps(out))`,
    p,
    objPath,
  );
}

function setAll(o: H5Object, g: Group, d: Dataset): void {
  const A = o.attrs;
  A.set('num', 3.5);
  A.set('int', 7);
  A.set('ta', new Int16Array([1, -2, 3]));
  A.set('u32', new Uint32Array([4294967295]));
  A.set('f32', new Float32Array([0.5, 1.5]));
  A.set('big', 12345678901234567n);
  A.set('bigs', [1n, -(2n ** 63n)]);
  A.set('str', 'héllo ✓');
  A.set('strs', ['a', 'bé', '']);
  A.set('bool', true);
  A.set('bools', [true, false, true]);
  A.set('ref', g);
  A.set('refs', [g, d, g.ref()]);
  A.set('i64', 5, { dtype: 'int64' });
  A.set('u8s', [1, 2], { dtype: 'uint8' });
  A.set('f32o', 1.25, { dtype: 'float32' });
  A.setEmpty('empty');
  A.setEmpty('emptystr', 'string');
  A.set('nd', { data: [1, 2, 3, 4, 5, 6], shape: [2, 3] });
  A.set('fixed', 'abc', { length: 8 });
  A.set('ascii', 'abc', { encoding: 'ascii' });
  A.set('emptyarr', []);
}

describe.each(['file', 'group', 'dataset'] as const)('attributes on a %s', (kind) => {
  const p = file(`on-${kind}.h5`);
  const objPath = kind === 'file' ? '/' : kind === 'group' ? '/grp' : '/dset';
  let seen: ReturnType<typeof pyAttrs>;
  let ours: Record<string, unknown>;
  let refNames: Record<string, (string | null)[]>;

  beforeAll(() => {
    const f = File.open(p, 'w');
    const g = f.createGroup('grp');
    const d = f.createDataset('dset', { data: [1, 2, 3] });
    const o = kind === 'file' ? f : kind === 'group' ? g : d;
    setAll(o, g, d);
    f.close();
    seen = pyAttrs(p, objPath);
    const r = File.open(p, 'r');
    const obj = r.get(objPath)!;
    ours = obj.attrs.toObject();
    refNames = {
      ref: [r.deref(ours.ref as Reference).name],
      refs: (ours.refs as Reference[]).map((x) => (x.isNull ? null : r.deref(x).name)),
    };
    r.close();
  });

  test('numbers are float64 by default; TypedArrays keep their type', () => {
    expect(seen.num).toMatchObject({ dtype: 'float64', shape: [], value: 3.5 });
    expect(seen.int).toMatchObject({ dtype: 'float64', shape: [], value: 7 });
    expect(seen.ta).toMatchObject({ dtype: 'int16', shape: [3], value: [1, -2, 3] });
    expect(seen.u32).toMatchObject({ dtype: 'uint32', shape: [1], value: [4294967295] });
    expect(seen.f32).toMatchObject({ dtype: 'float32', shape: [2], value: [0.5, 1.5] });
    expect(ours.num).toBe(3.5);
    expect(ours.int).toBe(7);
    expect(ours.ta).toEqual(new Int16Array([1, -2, 3]));
    expect(ours.u32).toEqual(new Uint32Array([4294967295]));
    expect(ours.f32).toEqual(new Float32Array([0.5, 1.5]));
  });

  test('bigint is int64', () => {
    expect(seen.big).toMatchObject({ dtype: 'int64', shape: [], value: '12345678901234567' });
    expect(seen.bigs).toMatchObject({ dtype: 'int64', shape: [2], value: ['1', String(-(2n ** 63n))] });
    expect(ours.big).toBe(12345678901234567n);
    expect(ours.bigs).toEqual(new BigInt64Array([1n, -(2n ** 63n)]));
  });

  test('strings are variable-length UTF-8 by default (scalars and arrays)', () => {
    expect(seen.str).toMatchObject({ dtype: 'object', str: ['utf-8', null], shape: [], value: 'héllo ✓' });
    expect(seen.strs).toMatchObject({ dtype: 'object', str: ['utf-8', null], shape: [3], value: ['a', 'bé', ''] });
    expect(ours.str).toBe('héllo ✓');
    expect(ours.strs).toEqual(['a', 'bé', '']);
  });

  test('fixed-length and ASCII strings', () => {
    expect(seen.fixed).toMatchObject({ dtype: '|S8', str: ['utf-8', 8], shape: [], value: 'abc' });
    expect(seen.ascii).toMatchObject({ dtype: 'object', str: ['ascii', null], shape: [], value: 'abc' });
    expect(ours.fixed).toBe('abc');
    expect(ours.ascii).toBe('abc');
  });

  test('booleans are numpy bools for h5py', () => {
    expect(seen.bool).toMatchObject({ dtype: 'bool', shape: [], value: true, isBool: true });
    expect(seen.bools).toMatchObject({ dtype: 'bool', shape: [3], value: [true, false, true], isBool: true });
    expect(ours.bool).toBe(true);
    expect(ours.bools).toEqual([true, false, true]);
  });

  test('references resolve in h5py and in h5nwb', () => {
    expect(seen.ref).toMatchObject({ shape: [], value: { ref: '/grp' } });
    expect(seen.refs).toMatchObject({ shape: [3], value: [{ ref: '/grp' }, { ref: '/dset' }, { ref: '/grp' }] });
    expect(refNames).toEqual({ ref: ['/grp'], refs: ['/grp', '/dset', '/grp'] });
  });

  test('dtype overrides', () => {
    expect(seen.i64).toMatchObject({ dtype: 'int64', shape: [], value: '5' });
    expect(seen.u8s).toMatchObject({ dtype: 'uint8', shape: [2], value: [1, 2] });
    expect(seen.f32o).toMatchObject({ dtype: 'float32', shape: [], value: 1.25 });
    expect(ours.i64).toBe(5n);
    expect(ours.u8s).toEqual(new Uint8Array([1, 2]));
    expect(ours.f32o).toBe(1.25);
  });

  test('empty attributes (h5py.Empty), empty arrays, and n-d values', () => {
    expect(seen.empty).toMatchObject({ shape: null, value: { empty: 'float64' } });
    expect(seen.emptystr.value).toHaveProperty('empty');
    expect(seen.emptystr.str).toEqual(['utf-8', null]);
    expect(seen.emptyarr).toMatchObject({ dtype: 'float64', shape: [0], value: [] });
    expect(seen.nd).toMatchObject({ dtype: 'float64', shape: [2, 3], value: [[1, 2, 3], [4, 5, 6]] });
    expect(ours.empty).toBeNull();
    expect(ours.emptystr).toBeNull();
    expect(ours.emptyarr).toEqual(new Float64Array(0));
    expect(ours.nd).toEqual({ data: new Float64Array([1, 2, 3, 4, 5, 6]), shape: [2, 3] });
  });

  test('h5py sees exactly the attributes written, and h5nwb lists the same names', () => {
    const names = ['num', 'int', 'ta', 'u32', 'f32', 'big', 'bigs', 'str', 'strs', 'bool', 'bools', 'ref', 'refs', 'i64', 'u8s', 'f32o', 'empty', 'emptystr', 'nd', 'fixed', 'ascii', 'emptyarr'];
    expect(Object.keys(seen).sort()).toEqual([...names].sort());
    expect(Object.keys(ours).sort()).toEqual([...names].sort());
  });
});

describe('get, has, delete, keys', () => {
  test('has/get/getInfo/delete and overwriting with another type; h5py agrees', () => {
    const p = file('ops.h5');
    const f = File.open(p, 'w');
    const d = f.createDataset('d', { data: [1] });
    const A = d.attrs;
    A.set('a', 1).set('b', 'two').set('c', [3, 4]);
    expect([A.has('a'), A.has('zz')]).toEqual([true, false]);
    expect(A.get('zz')).toBeUndefined();
    const info = A.getInfo('c');
    expect(info).toMatchObject({ shape: [2], empty: false, dtype: { class: 'float', size: 8 } });
    const e = thrown(() => A.getInfo('zz'));
    expect(e).toBeInstanceOf(Hdf5Error);
    expect(e.code).toBe(ErrorCodes.NOT_FOUND);
    expect(A.delete('b')).toBe(true);
    expect(A.delete('b')).toBe(false);
    expect(A.has('b')).toBe(false);
    A.set('a', 'now a string');
    expect(A.get('a')).toBe('now a string');
    expect(A.size).toBe(2);
    expect([...A].map(([k]) => k).sort()).toEqual(['a', 'c']);
    f.close();
    const seen = pyAttrs(p, '/d');
    expect(Object.keys(seen).sort()).toEqual(['a', 'c']);
    expect(seen.a).toMatchObject({ str: ['utf-8', null], value: 'now a string' });
    expect(seen.c).toMatchObject({ dtype: 'float64', value: [3, 4] });
  });

  test('argument errors are TypeError/RangeError and write nothing', () => {
    const p = file('errors.h5');
    const f = File.open(p, 'w');
    const other = File.open(file('other.h5'), 'w');
    const og = other.createGroup('g');
    const A = f.attrs;
    const cases: [string, () => unknown, string][] = [
      ['unknown option', () => A.set('x', 1, { type: 'int8' } as never), 'TypeError'],
      ['undefined value', () => A.set('x', undefined), 'TypeError'],
      ['empty name', () => A.set('', 1), 'TypeError'],
      ['unsafe int64', () => A.set('x', 2 ** 60, { dtype: 'int64' }), 'RangeError'],
      ['int8 overflow', () => A.set('x', 300, { dtype: 'int8' }), 'RangeError'],
      ['shape mismatch', () => A.set('x', [1, 2, 3], { shape: [2, 2] }), 'RangeError'],
      ['non-ASCII into ascii', () => A.set('x', 'café', { encoding: 'ascii' }), 'RangeError'],
      ['string too long', () => A.set('x', 'abcdef', { length: 3 }), 'RangeError'],
      ['unknown dtype', () => A.set('x', 1, { dtype: 'int128' as never }), 'TypeError'],
      ['reference into another file', () => A.set('x', og), 'RangeError'],
      ['symbol', () => A.set('x', Symbol('s')), 'TypeError'],
    ];
    for (const [what, fn, name] of cases) expect({ what, name: thrown(fn).name }).toEqual({ what, name });
    f.close();
    other.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps(list(f.attrs)))`, p)).toEqual([]);
  });

  // Attributes of objects without tracked creation order should list by name, as h5py does.
  test('keys() of an object without tracked order are in name order, as h5py lists them', () => {
    const p = file('attr-names.h5');
    const f = File.open(p, 'w');
    const g = f.createGroup('g');
    for (const n of ['zeta', 'alpha', 'Mid', 'beta']) g.attrs.set(n, 1);
    const ours = g.attrs.keys();
    f.close();
    const theirs = py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps(list(f['g'].attrs)))`, p);
    expect(theirs).toEqual(['Mid', 'alpha', 'beta', 'zeta']);
    expect(ours).toEqual(theirs);
  });

  test('keys() list creation order on objects that track it (groups, datasets, files); h5py agrees', () => {
    const p = file('attr-order.h5');
    const f = File.open(p, 'w', { trackOrder: true });
    const g = f.createGroup('g', { trackOrder: true });
    const d = f.createDataset('d', { data: [1], trackOrder: true });
    const names = ['zeta', 'alpha', 'Mid', 'beta'];
    for (const o of [f, g, d]) for (const n of names) o.attrs.set(n, 1);
    expect([f.attrs.keys(), g.attrs.keys(), d.attrs.keys()]).toEqual([names, names, names]);
    f.close();
    const theirs = py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps([list(f['/'].attrs), list(f['g'].attrs), list(f['d'].attrs)]))`, p);
    expect(theirs).toEqual([names, names, names]);
  });
});

test('every attribute type h5py writes reads back as h5py sees it', () => {
  const p = file('from-h5py.h5');
  const theirs = py(
    `f = h5py.File(sys.argv[1], 'w')
g = f.create_group('g'); d = f.create_dataset('d', data=np.arange(5))
a = d.attrs
a['i8'] = np.int8(-5); a['u16'] = np.uint16(65000); a['i32'] = np.int32(-7); a['i64'] = np.int64(2**62 + 1); a['u64'] = np.uint64(2**64 - 1)
a['f32'] = np.float32(1.5); a['f64'] = 2.25; a['f16'] = np.float16(0.5); a['pyint'] = 42
a['b'] = np.bool_(True); a['bf'] = False; a['barr'] = np.array([True, False, True])
a['bytes'] = b'raw bytes'; a['str'] = 'unicodé ✓'; a['strs'] = ['x', 'yé', '']; a['bytesarr'] = np.array([b'ab', b'cde'])
a['fixed'] = np.array(b'fixed', dtype='S10')
a['empty'] = h5py.Empty('f4'); a['emptystr'] = h5py.Empty(h5py.string_dtype())
a['ref'] = g.ref; a['refs'] = np.array([g.ref, d.ref, h5py.Reference()], dtype=h5py.ref_dtype)
a['arr2d'] = np.arange(6, dtype='i2').reshape(2, 3); a['farr'] = np.array([1.5, 2.5], dtype='f4')
a.create('vlascii', data='asc', dtype=h5py.string_dtype('ascii'))
f.close()
f = h5py.File(sys.argv[1], 'r'); a = f['d'].attrs
def conv(v):
    if isinstance(v, h5py.Empty): return None
    if isinstance(v, h5py.Reference): return {'ref': f[v].name if v else None}
    if isinstance(v, np.ndarray): return [conv(x) for x in v.ravel()]
    if isinstance(v, (bytes, np.bytes_)): return v.decode('utf-8')
    if isinstance(v, np.integer) and v.dtype.itemsize == 8: return {'big': str(int(v))}
    if isinstance(v, np.generic): return v.item()
    return v
print(json.dumps({k: {'value': conv(a[k]), 'shape': list(a.get_id(k).shape) if a.get_id(k).shape is not None else None} for k in a}))`,
    p,
  );
  const f = File.open(p, 'r');
  const A = f.getDataset('d').attrs;
  /** Our value in the same JSON-able form as conv() above. */
  const conv = (v: unknown): unknown => {
    if (v === null) return null;
    if (v instanceof Reference) return { ref: v.isNull ? null : f.deref(v).name };
    if (typeof v === 'bigint') return { big: String(v) };
    if (v instanceof BigInt64Array || v instanceof BigUint64Array) return Array.from(v, conv);
    if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
    if (Array.isArray(v)) return v.map(conv);
    if (typeof v === 'object' && v && 'data' in v && 'shape' in v) return conv((v as { data: unknown }).data);
    return v;
  };
  const ours: Record<string, { value: unknown; shape: number[] | null }> = {};
  for (const k of A.keys()) {
    const info = A.getInfo(k);
    ours[k] = { value: conv(info.value), shape: info.empty ? null : info.shape ?? [] };
  }
  f.close();
  expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
  for (const k of Object.keys(theirs)) expect({ k, ...ours[k] }).toEqual({ k, ...theirs[k] });
  // Spot checks of the JS types h5py's conventions map to.
  const g = File.open(p, 'r');
  const B = g.getDataset('d').attrs;
  expect([typeof B.get('b'), typeof B.get('u64'), typeof B.get('f16'), typeof B.get('str'), typeof B.get('bytes')]).toEqual(['boolean', 'bigint', 'number', 'string', 'string']);
  expect(B.getInfo('empty')).toMatchObject({ empty: true, value: null, dtype: { class: 'float', size: 4 } });
  g.close();
});

test('an attribute over 64 KiB: refused in the earliest file format with what to do instead, written with libver latest', () => {
  const early = file('big-attr-early.h5');
  const f = File.open(early, 'w');
  const e = thrown(() => f.attrs.set('big', new Float64Array(10000)));
  expect(e).toBeInstanceOf(Hdf5Error);
  expect(e.message).toMatch(/object header message is too large; attributes over 64 KiB need the newer file format \(File.open with libver: "latest"/);
  expect(f.attrs.keys()).toEqual([]);
  f.close();
  const late = file('big-attr-latest.h5');
  const g = File.open(late, 'w', { libver: 'latest' });
  g.attrs.set('big', Float64Array.from({ length: 10000 }, (_, i) => i));
  g.close();
  expect(py(`f = h5py.File(sys.argv[1], 'r'); a = f.attrs['big']; print(json.dumps([a.shape[0], float(a.sum())]))`, late)).toEqual([10000, 49995000]);
});
