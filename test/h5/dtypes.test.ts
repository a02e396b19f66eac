/**
 * Every dtype createDataset takes, checked by h5py both ways: integers (64-bit through BigInt), floats (float16
 * included), bool (h5py's enum), strings (vlen UTF-8, fixed length, ASCII), scalars, compounds and references.
 */
import { Dataset, File, Reference } from '../../lib';
import { py, thrown, tmpDir } from '../helpers';

const { file } = tmpDir('dtypes');

/** h5py's view of a dataset: numpy dtype string, shape and values (bytes decoded, 64-bit ints as strings). */
function pyDataset(p: string, name: string): { dtype: string; shape: number[]; values: unknown } {
  return py(
    `f = h5py.File(sys.argv[1], 'r'); d = f[sys.argv[2]]
def conv(v):
    if isinstance(v, np.ndarray): return [conv(x) for x in v]
    if isinstance(v, (bytes, np.bytes_)): return v.decode('utf-8')
    if isinstance(v, (np.integer,)) and v.dtype.itemsize == 8: return str(int(v))
    if isinstance(v, np.generic): return v.item()
    return v
print(json.dumps({'dtype': str(d.dtype), 'shape': list(d.shape), 'values': conv(d[()])}))`,
    p,
    name,
  );
}

describe('integers', () => {
  const cases: [string, ArrayLike<number>, new (a: ArrayLike<number>) => ArrayLike<number>, string][] = [
    ['int8', [-128, -1, 0, 127], Int8Array, 'int8'],
    ['uint8', [0, 1, 255], Uint8Array, 'uint8'],
    ['int16', [-32768, 0, 32767], Int16Array, 'int16'],
    ['uint16', [0, 65535], Uint16Array, 'uint16'],
    ['int32', [-2147483648, 0, 2147483647], Int32Array, 'int32'],
    ['uint32', [0, 4294967295], Uint32Array, 'uint32'],
  ];
  test.each(cases)('%s: TypedArray and plain numbers round-trip through h5py at the extremes', (dtype, values, Ctor, npName) => {
    const p = file(`${dtype}.h5`);
    const f = File.open(p, 'w');
    const a = f.createDataset('typed', { data: new Ctor(values) });
    const b = f.createDataset('plain', { dtype: dtype as never, data: Array.from(values) });
    expect(a.dtype).toBe(dtype);
    expect(b.dtype).toBe(dtype);
    const back = b.read().data;
    expect(back).toBeInstanceOf(Ctor);
    expect(Array.from(back as ArrayLike<number>)).toEqual(Array.from(values));
    f.close();
    for (const name of ['typed', 'plain']) expect(pyDataset(p, name)).toEqual({ dtype: npName, shape: [values.length], values: Array.from(values) });
  });

  test('plain numbers that do not fit an integer dtype exactly are refused (RangeError), nothing is created', () => {
    const p = file('int-lossy.h5');
    const f = File.open(p, 'w');
    const bad: [string, unknown[]][] = [
      ['int8', [300]], ['int8', [-129]], ['uint8', [-1]], ['uint8', [256]], ['int16', [40000]], ['uint16', [70000]],
      ['int32', [2 ** 31]], ['uint32', [2 ** 32]], ['int32', [1.5]], ['int16', [NaN]], ['uint32', [Infinity]],
    ];
    bad.forEach(([dtype, data], i) => {
      const e = thrown(() => f.createDataset(`bad${i}`, { dtype: dtype as never, data }));
      expect({ dtype, data, error: e.name }).toEqual({ dtype, data, error: 'RangeError' });
    });
    const ok = f.createDataset('ok', { dtype: 'int8', shape: [2] });
    expect(thrown(() => ok.write([1, 1000]))).toHaveProperty('name', 'RangeError');
    expect(Array.from(ok.read().data as Int8Array)).toEqual([0, 0]);
    f.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps({'keys': list(f), 'ok': f['ok'][:].tolist()}))`, p)).toEqual({ keys: ['ok'], ok: [0, 0] });
  });

  test('int64 / uint64 take BigInt64Array / BigUint64Array at the extremes and read back as such', () => {
    const p = file('int64.h5');
    const i64 = [-(2n ** 63n), -1n, 0n, 2n ** 53n + 1n, 2n ** 63n - 1n];
    const u64 = [0n, 2n ** 53n + 1n, 2n ** 64n - 1n];
    const f = File.open(p, 'w');
    const a = f.createDataset('i64', { data: BigInt64Array.from(i64) });
    const b = f.createDataset('u64', { data: BigUint64Array.from(u64) });
    const c = f.createDataset('i64plain', { dtype: 'int64', data: [-5, 0, Number.MAX_SAFE_INTEGER, 2n ** 62n] });
    expect(a.dtype).toBe('int64');
    expect(b.dtype).toBe('uint64');
    expect(a.read().data).toEqual(BigInt64Array.from(i64));
    expect(b.read().data).toEqual(BigUint64Array.from(u64));
    expect(c.read().data).toEqual(BigInt64Array.from([-5n, 0n, BigInt(Number.MAX_SAFE_INTEGER), 2n ** 62n]));
    f.close();
    expect(pyDataset(p, 'i64')).toEqual({ dtype: 'int64', shape: [5], values: i64.map(String) });
    expect(pyDataset(p, 'u64')).toEqual({ dtype: 'uint64', shape: [3], values: u64.map(String) });
    expect(pyDataset(p, 'i64plain').values).toEqual(['-5', '0', String(Number.MAX_SAFE_INTEGER), String(2n ** 62n)]);
  });

  test('int64 / uint64 from plain JS integers are stored exactly (passed to HDF5 as doubles, no BigInt per value)', () => {
    const p = file('int64-numbers.h5');
    const ints = [-Number.MAX_SAFE_INTEGER, -1, 0, 1, 2 ** 52 + 1, Number.MAX_SAFE_INTEGER];
    const f = File.open(p, 'w');
    const a = f.createDataset('i', { dtype: 'int64', data: ints });
    const b = f.createDataset('u', { dtype: 'uint64', data: [0, 2 ** 53 - 1, 7] });
    const e = f.createDataset('grow', { dtype: 'int64', shape: [0], maxshape: [null] });
    e.append([3, -4]);
    f.attrs.set('ids', [5, Number.MAX_SAFE_INTEGER], { dtype: 'int64' });
    expect(a.read().data).toEqual(BigInt64Array.from(ints.map(BigInt)));
    expect(b.read().data).toEqual(BigUint64Array.from([0n, 2n ** 53n - 1n, 7n]));
    // Values a double cannot carry exactly, or that do not fit, are refused and nothing is written.
    expect(thrown(() => a.write([1, 2, 3, 4, 5, 2 ** 53]))).toHaveProperty('name', 'RangeError');
    expect(thrown(() => a.write([1, 2, 3, 4, 5, 0.5]))).toHaveProperty('name', 'RangeError');
    expect(thrown(() => b.write([0, -1, 2]))).toHaveProperty('name', 'RangeError');
    expect(a.read().data).toEqual(BigInt64Array.from(ints.map(BigInt)));
    f.close();
    expect(pyDataset(p, 'i')).toEqual({ dtype: 'int64', shape: [6], values: ints.map(String) });
    expect(pyDataset(p, 'u')).toEqual({ dtype: 'uint64', shape: [3], values: ['0', String(2 ** 53 - 1), '7'] });
    expect(pyDataset(p, 'grow')).toEqual({ dtype: 'int64', shape: [2], values: ['3', '-4'] });
    expect(py(`f = h5py.File(sys.argv[1], 'r'); a = f.attrs['ids']; print(json.dumps([str(a.dtype), [str(x) for x in a]]))`, p)).toEqual(['int64', ['5', String(Number.MAX_SAFE_INTEGER)]]);
  });

  test('h5py-written int64 / uint64 extremes read back exactly', () => {
    const p = file('int64-py.h5');
    py(
      `f = h5py.File(sys.argv[1], 'w')
f['i'] = np.array([-2**63, 2**63 - 1, 2**53 + 1], dtype='<i8')
f['u'] = np.array([2**64 - 1, 2**53 + 3], dtype='<u8')
f['ibe'] = np.array([-2, 2**40], dtype='>i8')
print(1)`,
      p,
    );
    const f = File.open(p, 'r');
    expect(f.getDataset('i').read().data).toEqual(BigInt64Array.from([-(2n ** 63n), 2n ** 63n - 1n, 2n ** 53n + 1n]));
    expect(f.getDataset('u').read().data).toEqual(BigUint64Array.from([2n ** 64n - 1n, 2n ** 53n + 3n]));
    expect(f.getDataset('ibe').read().data).toEqual(BigInt64Array.from([-2n, 2n ** 40n]));
    f.close();
  });

  test('plain numbers that are not safe integers are refused for 64-bit types, never stored lossy', () => {
    const p = file('int64-unsafe.h5');
    const f = File.open(p, 'w');
    const cases: [string, unknown[]][] = [
      ['int64', [2 ** 53 + 2]], ['int64', [1.5]], ['uint64', [2 ** 64]], ['uint64', [-1]], ['uint64', [-1n]],
      ['int64', [2n ** 63n]], ['uint64', [2n ** 64n]], ['int64', [NaN]],
    ];
    cases.forEach(([dtype, data], i) => {
      const e = thrown(() => f.createDataset(`x${i}`, { dtype: dtype as never, data }));
      expect({ dtype, i, error: e.name }).toEqual({ dtype, i, error: 'RangeError' });
    });
    const d = f.createDataset('keep', { dtype: 'int64', data: [1, 2] });
    expect(thrown(() => d.write([2 ** 60, 1]))).toHaveProperty('name', 'RangeError');
    // A Float64Array is a float source: HDF5 converts it (no silent precision loss for exact integers).
    d.write(new Float64Array([3, 4]));
    f.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps({'keys': list(f), 'keep': f['keep'][:].tolist()}))`, p)).toEqual({ keys: ['keep'], keep: [3, 4] });
  });

  test('a BigInt64Array is refused for a float dataset (TypeError)', () => {
    const p = file('big-into-float.h5');
    const f = File.open(p, 'w');
    const d = f.createDataset('f', { dtype: 'float64', shape: [2] });
    expect(thrown(() => d.write(new BigInt64Array([1n, 2n])))).toHaveProperty('name', 'TypeError');
    f.close();
  });
});

describe('floats', () => {
  test('float32 and float64 round-trip through h5py', () => {
    const p = file('floats.h5');
    const v32 = [1.5, -0.25, 3.4028234663852886e38, 1e-7];
    const v64 = [Math.PI, -1e300, 5e-324, 0];
    const f = File.open(p, 'w');
    const a = f.createDataset('f32', { data: new Float32Array(v32) });
    const b = f.createDataset('f64', { data: v64 });
    expect(a.dtype).toBe('float32');
    expect(b.dtype).toBe('float64');
    expect(b.read().data).toEqual(new Float64Array(v64));
    f.close();
    expect(pyDataset(p, 'f32')).toEqual({ dtype: 'float32', shape: [4], values: Array.from(new Float32Array(v32)) });
    expect(pyDataset(p, 'f64')).toEqual({ dtype: 'float64', shape: [4], values: v64 });
  });

  test('float16: h5py sees float16, values exact where representable; h5py float16 reads back', () => {
    const p = file('f16.h5');
    const vals = [1.5, -2.25, 65504, 0.000060975551605224609375, 0];
    const f = File.open(p, 'w');
    const d = f.createDataset('h', { dtype: 'float16', data: vals });
    expect(d.dtype).toBe('float16');
    expect(d.dtypeInfo).toMatchObject({ class: 'float', size: 2 });
    expect(Array.from(d.read().data as Float32Array)).toEqual(vals);
    f.close();
    expect(pyDataset(p, 'h')).toEqual({ dtype: 'float16', shape: [5], values: vals });
    py(`f = h5py.File(sys.argv[1], 'a'); f['py'] = np.array([0.5, -1.0, 1024.0], dtype='f2'); print(1)`, p);
    const g = File.open(p, 'r');
    expect(g.getDataset('py').dtype).toBe('float16');
    expect(Array.from(g.getDataset('py').read().data as Float32Array)).toEqual([0.5, -1, 1024]);
    g.close();
  });
});

test("bool uses h5py's enum: h5py reads numpy bool; h5py bools read back as bool", () => {
  const p = file('bool.h5');
  const f = File.open(p, 'w');
  const d = f.createDataset('b', { data: [true, false, true] });
  expect(d.dtype).toBe('bool');
  expect(Array.from(d.read().data as Uint8Array)).toEqual([1, 0, 1]);
  const s = f.createDataset('scalar', { dtype: 'bool', shape: [], data: false });
  expect(s.readValue()).toBe(false);
  f.close();
  expect(pyDataset(p, 'b')).toEqual({ dtype: 'bool', shape: [3], values: [true, false, true] });
  expect(pyDataset(p, 'scalar')).toEqual({ dtype: 'bool', shape: [], values: false });
  py(`f = h5py.File(sys.argv[1], 'a'); f['py'] = np.array([False, True]); f['py1'] = np.bool_(True); print(1)`, p);
  const g = File.open(p, 'r');
  expect(g.getDataset('py').dtype).toBe('bool');
  expect(Array.from(g.getDataset('py').read().data as Uint8Array)).toEqual([0, 1]);
  expect(g.getDataset('py1').readValue()).toBe(true);
  g.close();
});

describe('strings', () => {
  const text = ['héllo', 'wörld ✓', '日本語', '', 'plain'];

  test("'string' is variable-length UTF-8 (h5py.string_dtype()); non-ASCII text round-trips", () => {
    const p = file('vlen.h5');
    const f = File.open(p, 'w');
    const d = f.createDataset('s', { data: text });
    expect(d.dtype).toBe('string');
    expect(d.dtypeInfo).toMatchObject({ class: 'string', vlen: true, cset: 'utf8' });
    expect(d.read().data).toEqual(text);
    f.close();
    const r = py(
      `f = h5py.File(sys.argv[1], 'r'); d = f['s']; si = h5py.check_string_dtype(d.dtype)
print(json.dumps({'enc': si.encoding, 'len': si.length, 'vals': d.asstr()[:].tolist(), 'same': d.dtype == h5py.string_dtype()}))`,
      p,
    );
    expect(r).toEqual({ enc: 'utf-8', len: null, vals: text, same: true });
  });

  test('h5py-written variable-length strings (utf-8 and ascii) read back', () => {
    const p = file('vlen-py.h5');
    py(
      `f = h5py.File(sys.argv[1], 'w')
f.create_dataset('u', data=${JSON.stringify(text)}, dtype=h5py.string_dtype())
f.create_dataset('a', data=[b'abc', b'de'], dtype=h5py.string_dtype('ascii'))
print(1)`,
      p,
    );
    const f = File.open(p, 'r');
    expect(f.getDataset('u').read().data).toEqual(text);
    expect(f.getDataset('a').read().data).toEqual(['abc', 'de']);
    expect(f.getDataset('a').dtypeInfo).toMatchObject({ class: 'string', vlen: true, cset: 'ascii' });
    f.close();
  });

  test('fixed-length strings (stringLength) are h5py fixed-length UTF-8; too long is a RangeError', () => {
    const p = file('fixed.h5');
    const vals = ['ab', 'cdefgh', 'é✓', ''];
    const f = File.open(p, 'w');
    const d = f.createDataset('s', { dtype: 'string', stringLength: 6, data: vals });
    expect(d.dtypeInfo).toMatchObject({ class: 'string', vlen: false, size: 6, cset: 'utf8' });
    expect(d.read().data).toEqual(vals);
    expect(thrown(() => f.createDataset('long', { dtype: 'string', stringLength: 3, data: ['abcd'] }))).toHaveProperty('name', 'RangeError');
    // 'é✓' is 5 bytes in UTF-8: too long for 4.
    expect(thrown(() => f.createDataset('long2', { dtype: 'string', stringLength: 4, data: ['é✓'] }))).toHaveProperty('name', 'RangeError');
    f.close();
    const r = py(
      `f = h5py.File(sys.argv[1], 'r'); d = f['s']; si = h5py.check_string_dtype(d.dtype)
print(json.dumps({'keys': list(f), 'enc': si.encoding, 'len': si.length, 'dt': d.dtype.str, 'vals': [x.decode('utf-8') for x in d[:]]}))`,
      p,
    );
    expect(r).toEqual({ keys: ['s'], enc: 'utf-8', len: 6, dt: '|S6', vals: vals });
  });

  test("encoding: 'ascii' (variable and fixed length) is ASCII for h5py; non-ASCII text is refused", () => {
    const p = file('ascii.h5');
    const f = File.open(p, 'w');
    f.createDataset('v', { dtype: 'string', encoding: 'ascii', data: ['abc', 'xyz!'] });
    f.createDataset('fx', { dtype: 'string', encoding: 'ascii', stringLength: 4, data: ['ab', 'wxyz'] });
    expect(thrown(() => f.createDataset('bad', { dtype: 'string', encoding: 'ascii', data: ['café'] }))).toHaveProperty('name', 'RangeError');
    expect(f.getDataset('v').read().data).toEqual(['abc', 'xyz!']);
    expect(f.getDataset('fx').read().data).toEqual(['ab', 'wxyz']);
    f.close();
    const r = py(
      `f = h5py.File(sys.argv[1], 'r')
out = {'keys': list(f)}
for k in ['v', 'fx']:
    si = h5py.check_string_dtype(f[k].dtype)
    out[k] = [si.encoding, si.length, [x.decode('ascii') for x in f[k][:]]]
print(json.dumps(out))`,
      p,
    );
    expect(r).toEqual({ keys: ['fx', 'v'], v: ['ascii', null, ['abc', 'xyz!']], fx: ['ascii', 4, ['ab', 'wxyz']] });
  });

  test('h5py-written fixed-length strings (ascii S and utf-8) read back without padding', () => {
    const p = file('fixed-py.h5');
    py(
      `f = h5py.File(sys.argv[1], 'w')
f['s'] = np.array([b'a', b'bcd', b''], dtype='S5')
tid = h5py.h5t.C_S1.copy(); tid.set_size(4); tid.set_cset(h5py.h5t.CSET_UTF8)
d = h5py.h5d.create(f.id, b'u', tid, h5py.h5s.create_simple((2,)))
d.write(h5py.h5s.ALL, h5py.h5s.ALL, np.array(['é'.encode(), b'xy'], dtype='S4'), mtype=tid)
print(json.dumps(h5py.check_string_dtype(f['u'].dtype).encoding))`,
      p,
    );
    const f = File.open(p, 'r');
    expect(f.getDataset('s').read().data).toEqual(['a', 'bcd', '']);
    expect(f.getDataset('u').read().data).toEqual(['é', 'xy']);
    f.close();
  });
});

test('scalar datasets (shape []) of numbers, strings and int64', () => {
  const p = file('scalar.h5');
  const f = File.open(p, 'w');
  const a = f.createDataset('num', { shape: [], data: 2.5 });
  const b = f.createDataset('str', { data: 'ünï' });
  const c = f.createDataset('big', { dtype: 'int64', shape: [], data: 2n ** 60n });
  const z = f.createDataset('empty', { dtype: 'int32', shape: [] });
  for (const d of [a, b, c, z]) expect(d.shape).toEqual([]);
  expect(a.readValue()).toBe(2.5);
  expect(a.read()).toEqual({ data: new Float64Array([2.5]), shape: [] });
  expect(b.readValue()).toBe('ünï');
  expect(c.readValue()).toBe(2n ** 60n);
  expect(thrown(() => f.createDataset('chunked', { shape: [], dtype: 'int32', chunks: true }))).toHaveProperty('name', 'RangeError');
  f.close();
  const r = py(
    `f = h5py.File(sys.argv[1], 'r')
print(json.dumps({k: [list(f[k].shape), str(f[k][()].decode() if isinstance(f[k][()], bytes) else f[k][()])] for k in f}))`,
    p,
  );
  expect(r).toEqual({ num: [[], '2.5'], str: [[], 'ünï'], big: [[], String(2n ** 60n)], empty: [[], '0'] });
});

describe('compound dtypes', () => {
  const desc = {
    class: 'compound' as const,
    fields: [
      { name: 'id', type: { class: 'integer' as const, size: 4 as const, signed: true } },
      { name: 'x', type: { class: 'float' as const, size: 8 as const } },
      { name: 'label', type: { class: 'string' as const, vlen: true, cset: 'utf8' as const } },
      { name: 'code', type: { class: 'string' as const, vlen: false, size: 3, cset: 'ascii' as const } },
    ],
  };
  const rows = [
    { id: 1, x: 0.5, label: 'één', code: 'AB' },
    { id: -7, x: -2.25, label: '', code: 'XYZ' },
  ];

  test('a compound TypeDesc round-trips; h5py sees the fields and values', () => {
    const p = file('compound.h5');
    const f = File.open(p, 'w');
    const d = f.createDataset('c', { dtype: desc, data: rows });
    expect(d.dtype).toBe('compound');
    expect(d.read().data).toEqual(rows);
    f.close();
    const r = py(
      `f = h5py.File(sys.argv[1], 'r'); d = f['c']
def s(v): return v.decode('utf-8') if isinstance(v, bytes) else v
print(json.dumps({'names': list(d.dtype.names), 'kinds': [d.dtype[n].kind for n in d.dtype.names],
  'rows': [{'id': int(r['id']), 'x': float(r['x']), 'label': s(r['label']), 'code': s(r['code'])} for r in d[:]]}))`,
      p,
    );
    expect(r).toEqual({ names: ['id', 'x', 'label', 'code'], kinds: ['i', 'f', 'O', 'S'], rows });
  });

  test('an h5py-written compound reads back as objects', () => {
    const p = file('compound-py.h5');
    py(
      `f = h5py.File(sys.argv[1], 'w')
dt = np.dtype([('a', '<i2'), ('b', '<f4'), ('c', '<u8')])
f['c'] = np.array([(1, 1.5, 2**63), (-2, -0.5, 7)], dtype=dt)
print(1)`,
      p,
    );
    const f = File.open(p, 'r');
    const d = f.getDataset('c');
    expect(d.dtype).toBe('compound');
    expect(d.read().data).toEqual([
      { a: 1, b: 1.5, c: 2n ** 63n },
      { a: -2, b: -0.5, c: 7n },
    ]);
    f.close();
  });
});

describe('object references', () => {
  test('refs written by h5nwb (objects and References) resolve in h5py', () => {
    const p = file('refs.h5');
    const f = File.open(p, 'w');
    const g = f.createGroup('grp/sub');
    const target = f.createDataset('target', { data: [1, 2, 3] });
    const d = f.createDataset('refs', { data: [g, target, g.ref(), f] });
    expect(d.dtype).toBe('ref');
    const back = d.read().data as Reference[];
    expect(back.every((r) => r instanceof Reference)).toBe(true);
    expect(back.map((r) => f.deref(r).name)).toEqual(['/grp/sub', '/target', '/grp/sub', '/']);
    const nul = f.createDataset('withnull', { dtype: 'ref', data: [null, target] });
    expect((nul.read().data as Reference[]).map((r) => r.isNull)).toEqual([true, false]);
    f.close();
    const r = py(
      `f = h5py.File(sys.argv[1], 'r')
print(json.dumps({'names': [f[r].name for r in f['refs'][:]], 'kind': h5py.check_ref_dtype(f['refs'].dtype) is h5py.Reference,
  'null': [bool(r) for r in f['withnull'][:]], 'data': f[f['withnull'][1]][:].tolist()}))`,
      p,
    );
    expect(r).toEqual({ names: ['/grp/sub', '/target', '/grp/sub', '/'], kind: true, null: [false, true], data: [1, 2, 3] });
  });

  test('refs written by h5py resolve in h5nwb', () => {
    const p = file('refs-py.h5');
    py(
      `f = h5py.File(sys.argv[1], 'w')
g = f.create_group('a/b'); d = f.create_dataset('vals', data=np.arange(4))
f.create_dataset('refs', data=np.array([g.ref, d.ref, h5py.Reference(), f.ref], dtype=h5py.ref_dtype))
print(1)`,
      p,
    );
    const f = File.open(p, 'r');
    const refs = f.getDataset('refs').read().data as Reference[];
    expect(refs.map((r) => r.isNull)).toEqual([false, false, true, false]);
    expect(f.deref(refs[0]).name).toBe('/a/b');
    const ds = refs[1].deref() as Dataset;
    expect(ds).toBeInstanceOf(Dataset);
    expect(Array.from(ds.read().data as BigInt64Array)).toEqual([0n, 1n, 2n, 3n]);
    expect(f.get(refs[3])!.name).toBe('/');
    expect(thrown(() => f.deref(refs[2])).code).toBe('ERR_H5_NULL_REFERENCE');
    f.close();
  });

  test('a reference into another file is refused', () => {
    const f1 = File.open(file('one.h5'), 'w');
    const f2 = File.open(file('two.h5'), 'w');
    const g = f2.createGroup('g');
    expect(thrown(() => f1.createDataset('r', { data: [g] }))).toHaveProperty('name', 'RangeError');
    expect(f1.has('r')).toBe(false);
    f1.close();
    f2.close();
  });
});

// Half-precision floats and long doubles have no JS number of their size: inside compounds, sequences, arrays
// and fill values they travel as doubles, converted by HDF5 (before, they read as raw Buffers and could not be
// written).
describe('float16 and long double (float128) inside other types', () => {
  const CT = {
    class: 'compound' as const,
    fields: [
      { name: 'a', type: { class: 'float' as const, size: 2 as const } },
      { name: 'b', type: { class: 'float' as const, size: 16 as const } },
      { name: 'c', type: { class: 'integer' as const, size: 4 as const, signed: true } },
    ],
  };

  test('h5py writes them, h5nwb reads numbers', () => {
    const p = file('odd-floats-h5py.h5');
    py(
      `with h5py.File(sys.argv[1], 'w') as f:
    ct = np.dtype([('a', '<f2'), ('b', np.longdouble), ('c', '<i4')])
    f.create_dataset('c', data=np.array([(1.5, 2.25, 3), (-4.5, 1/3, 6)], dtype=ct), fillvalue=np.array((0.5, 0.25, 9), dtype=ct))
    f.create_dataset('v', (2,), dtype=h5py.vlen_dtype(np.dtype('<f2')))
    f['v'][0] = np.array([1.5, 2], dtype='<f2'); f['v'][1] = np.array([3], dtype='<f2')
    f.create_dataset('h', (3,), dtype='<f2', fillvalue=7.5)
    f['ld'] = np.array([1.25, 3.5], dtype=np.longdouble)
    f.attrs['la'] = np.longdouble(2.5)
print('null')`,
      p,
    );
    const f = File.open(p, 'r');
    const c = f.getDataset('c');
    expect(c.read().data).toEqual([{ a: 1.5, b: 2.25, c: 3 }, { a: -4.5, b: 1 / 3, c: 6 }]);
    expect(c.fillValue).toEqual({ a: 0.5, b: 0.25, c: 9 });
    expect(f.getDataset('v').read().data).toEqual([[1.5, 2], [3]]);
    expect(f.getDataset('h').fillValue).toBe(7.5);
    const ld = f.getDataset('ld');
    expect([ld.dtype, ld.read().data]).toEqual(['float128', [1.25, 3.5]]);
    expect(f.attrs.get('la')).toBe(2.5);
    f.close();
  });

  test('h5nwb writes them, h5py reads them; a value float16 cannot hold is refused (infinity is not)', () => {
    const p = file('odd-floats.h5');
    const f = File.open(p, 'w');
    const c = f.createDataset('c', { dtype: CT, data: [{ a: 1.5, b: 2.25, c: 3 }, { a: -0.5, b: 0.1, c: 4 }], fillValue: { a: 0.25, b: 0.5, c: 1 } });
    const v = f.createDataset('v', { dtype: { class: 'vlen', base: { class: 'float', size: 2 } }, data: [[1.5, 2], [3]] });
    f.createDataset('ld', { dtype: { class: 'float', size: 16 }, data: [1.25, 0.5] });
    f.attrs.set('arr', [[1, -65504]], { dtype: { class: 'array', base: { class: 'float', size: 2 }, dims: [2] } });
    f.createDataset('inf', { dtype: CT, data: [{ a: Infinity, b: 1, c: 0 }] });

    const where = `dataset '/c' of ${p}`;
    let e = thrown(() => c.write([{ a: 70000, b: 1, c: 1 }, { a: 1, b: 1, c: 1 }]));
    expect([e.name, e.message]).toEqual(['RangeError', `writing ${where}: a value is out of the range of its float type (float16 holds at most 65504)`]);
    e = thrown(() => v.write([[1], [2, 1e9]]));
    expect(e.message).toMatch(/^writing dataset '\/v' of .*: a value is out of the range/);
    e = thrown(() => f.attrs.set('arr', [[1, 1e5]], { dtype: { class: 'array', base: { class: 'float', size: 2 }, dims: [2] } }));
    expect(e.message).toMatch(/^attribute 'arr' of '\/' in .*odd-floats\.h5: a value is out of the range/);
    e = thrown(() => f.createDataset('bad', { dtype: 'float16', shape: [2], fillValue: 1e5 }));
    expect(e.message).toBe(`creating dataset '/bad' of ${p}: fill value: a value is out of the range of its float type (float16 holds at most 65504)`);
    e = thrown(() => f.createDataset('bad', { dtype: 'int8', shape: [2], fillValue: 300 }));
    expect(e.message).toBe(`creating dataset '/bad' of ${p}: fill value: 300 does not fit int8 exactly`);
    expect(thrown(() => f.createDataset('bad', { dtype: { class: 'float', size: 16, order: 'be' }, shape: [1] })).name).toBe('RangeError');
    expect(f.has('bad')).toBe(false);
    f.close();

    expect(
      py(
        `f = h5py.File(sys.argv[1], 'r')
c = f['c']
print(json.dumps({
  'dtype': [str(c.dtype[k]) for k in ('a', 'b', 'c')],
  'c': [[float(x) for x in row] for row in c[:]],
  'fill': [float(x) for x in c.fillvalue],
  'v': [x.tolist() for x in f['v'][:]], 'vdtype': str(f['v'].dtype.metadata['vlen']),
  'ld': [str(f['ld'].dtype), f['ld'][:].astype(float).tolist()],
  'arr': f.attrs['arr'].tolist(),
  'inf': str(f['inf'][0][0]),
}))`,
        p,
      ),
    ).toEqual({
      dtype: ['float16', 'float128', 'int32'], c: [[1.5, 2.25, 3], [-0.5, 0.1, 4]],
      fill: [0.25, 0.5, 1], v: [[1.5, 2], [3]], vdtype: 'float16', ld: ['float128', [1.25, 0.5]], arr: [[1, -65504]], inf: 'inf',
    });
  });
});

// A sequence of one element given as a TypedArray was taken for a list of one number ("expected a number").
describe('one-element TypedArrays as sequence and array-type values', () => {
  test('datasets, scalars, attributes and compound fields take them; h5py reads the sequences', () => {
    const p = file('one-element-seqs.h5');
    const V = { class: 'vlen' as const, base: { class: 'integer' as const, size: 4 as const, signed: true } };
    const f = File.open(p, 'w');
    f.createDataset('ragged', { dtype: V, data: [new Int32Array([1, 2]), new Int32Array([3])] });
    f.createDataset('ones', { dtype: V, data: [new Int32Array([5]), new Int32Array([6])] });
    const s = f.createDataset('scalar', { dtype: V, shape: [] });
    s.write(new Int32Array([9]));
    f.attrs.set('seq', new Int32Array([7]), { dtype: V });
    f.createDataset('arr1', { dtype: { class: 'array', base: { class: 'float', size: 8 }, dims: [1] }, data: [new Float64Array([1.5]), new Float64Array([2.5])] });
    const CT = { class: 'compound' as const, fields: [{ name: 'id', type: { class: 'integer' as const, size: 4 as const, signed: true } }, { name: 'seq', type: V }] };
    f.createDataset('comp', { dtype: CT, data: [{ id: 1, seq: new Int32Array([4]) }] });
    // a plain numeric dataset still takes a one-element TypedArray as one value
    f.createDataset('plain', { dtype: 'int32', shape: [1] }).write(new Int32Array([8]));
    // array-type fill values, in the form reads give them and as a TypedArray
    const A = { class: 'array' as const, base: { class: 'integer' as const, size: 4 as const, signed: true }, dims: [3] };
    expect(f.createDataset('fillA', { dtype: A, shape: [2], fillValue: [4, 5, 6] }).fillValue).toEqual([4, 5, 6]);
    expect(f.createDataset('fillT', { dtype: A, shape: [1], fillValue: new Int32Array([1, 2, 3]) }).read().data).toEqual([[1, 2, 3]]);
    expect(f.createDataset('fillV', { dtype: V, shape: [1], fillValue: [7] }).fillValue).toEqual([7]);
    expect(thrown(() => f.createDataset('fillBad', { dtype: 'int32', shape: [1], fillValue: new Int32Array([7, 8]) })).message).toMatch(/fill value: expected 1 values/);
    f.close();
    expect(
      py(
        `f = h5py.File(sys.argv[1], 'r')
print(json.dumps({'ragged': [x.tolist() for x in f['ragged'][:]], 'ones': [x.tolist() for x in f['ones'][:]],
  'scalar': f['scalar'][()].tolist(), 'seq': f.attrs['seq'].tolist(), 'arr1': f['arr1'][:].tolist(),
  'comp': [[int(r[0]), r[1].tolist()] for r in f['comp'][:]], 'plain': f['plain'][:].tolist(),
  'fillA': f['fillA'][:].tolist(), 'fillT': f['fillT'][:].tolist()}))`,
        p,
      ),
    ).toEqual({ ragged: [[1, 2], [3]], ones: [[5], [6]], scalar: [9], seq: [7], arr1: [[1.5], [2.5]], comp: [[1, [4]]], plain: [8], fillA: [[4, 5, 6], [4, 5, 6]], fillT: [[1, 2, 3]] });
  });
});

// Without a dtype, numbers and BigInts together are stored as numpy infers Python ints and floats: integers as
// int64 (uint64 when a BigInt needs it), anything with a fraction as float64. Before, the first value decided,
// and [1, 2n ** 60n + 1n] was stored as float64, rounding the BigInt.
test('numbers and BigInts given together without a dtype: int64 or uint64 when all are integers, else float64', () => {
  const p = file('mixed-bigint.h5');
  const f = File.open(p, 'w');
  const exact = 2n ** 60n + 1n;
  const top = 2n ** 64n - 1n;
  f.attrs.set('ints', [1, exact]);
  f.attrs.set('unsigned', [1, top]);
  f.attrs.set('fraction', [1.5, 2n]);
  f.createDataset('ints', { data: [[1, 2], [3n, exact]] });
  f.createDataset('plain', { data: [1, 2, 3] });
  expect(Array.from(f.attrs.get('ints') as BigInt64Array)).toEqual([1n, exact]);
  expect(Array.from(f.attrs.get('unsigned') as BigUint64Array)).toEqual([1n, top]);
  expect(Array.from(f.getDataset('ints').read().data as BigInt64Array)).toEqual([1n, 2n, 3n, exact]);
  // No 64-bit type holds both: refused, naming the attribute.
  const e = thrown(() => f.attrs.set('both', [-1, top]));
  expect([e.constructor.name, e.message]).toEqual(['RangeError', `attribute 'both' of '/' in ${p}: 18446744073709551615 does not fit a 64-bit integer`]);
  f.close();
  expect(py(`
f = h5py.File(sys.argv[1], 'r')
a = f.attrs
print(json.dumps([[str(a[k].dtype), [str(x) for x in a[k].tolist()]] for k in ['ints', 'unsigned', 'fraction']]
                 + [[str(f['ints'].dtype), [str(x) for x in f['ints'][()].ravel().tolist()]], str(f['plain'].dtype), 'both' in a]))
`, p)).toEqual([
    ['int64', ['1', String(exact)]], ['uint64', ['1', String(top)]], ['float64', ['1.5', '2.0']],
    ['int64', ['1', '2', '3', String(exact)]], 'float64', false,
  ]);
});

test('a 64-bit BigInt array of the other signedness is checked, not clamped: refused when a value does not fit', () => {
  const p = file('bigint-signedness.h5');
  const f = File.open(p, 'w');
  const top = 2n ** 64n - 1n;
  // values that fit pass, in each direction, for datasets, appends and attributes
  f.createDataset('i64', { dtype: 'int64', data: new BigUint64Array([0n, 2n ** 63n - 1n]) });
  f.createDataset('u64', { dtype: 'uint64', data: new BigInt64Array([0n, 2n ** 63n - 1n]) });
  const grow = f.createDataset('grow', { dtype: 'int64', shape: [0], maxshape: [null] });
  grow.append(new BigUint64Array([7n]));
  const cases: [string, () => unknown, string][] = [
    ['dataset', () => f.createDataset('bad-i64', { dtype: 'int64', data: new BigUint64Array([1n, 2n ** 63n]) }),
      `dataset '/bad-i64' of ${p}: 9223372036854775808 (element 1 of the BigUint64Array) does not fit int64: out of its range (HDF5 would clamp it)`],
    ['dataset', () => f.createDataset('bad-u64', { dtype: 'uint64', data: new BigInt64Array([-1n]) }),
      `dataset '/bad-u64' of ${p}: -1 (element 0 of the BigInt64Array) does not fit uint64: out of its range (HDF5 would clamp it)`],
    ['append', () => grow.append(new BigUint64Array([top])),
      `appending to dataset '/grow' of ${p}: ${top} (element 0 of the BigUint64Array) does not fit int64: out of its range (HDF5 would clamp it)`],
    ['write', () => f.getDataset('u64').write(new BigInt64Array([5n, -(2n ** 63n)])), `-9223372036854775808 (element 1 of the BigInt64Array) does not fit uint64`],
    ['attribute', () => f.attrs.set('a', new BigUint64Array([top]), { dtype: 'int64' }), `(element 0 of the BigUint64Array) does not fit int64`],
  ];
  for (const [, fn, msg] of cases) {
    const e = thrown(fn);
    expect(e.name).toBe('RangeError');
    expect(e.message).toContain(msg);
  }
  expect(f.has('bad-i64') || f.has('bad-u64') || f.attrs.has('a')).toBe(false);
  expect(Array.from(grow.read().data as BigInt64Array)).toEqual([7n]);
  expect(Array.from(f.getDataset('u64').read().data as BigUint64Array)).toEqual([0n, 2n ** 63n - 1n]);
  f.close();
  expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps([[str(x) for x in f[k][()].tolist()] for k in ['i64', 'u64', 'grow']]))`, p))
    .toEqual([['0', String(2n ** 63n - 1n)], ['0', String(2n ** 63n - 1n)], ['7']]);
});

test('bool: NaN is true, as every nonzero value (numpy casts it so)', () => {
  const p = file('bool-nan.h5');
  const f = File.open(p, 'w');
  f.createDataset('array', { dtype: 'bool', data: [NaN, 0.5, 0, -0] });
  f.createDataset('typed', { dtype: 'bool', data: Float64Array.of(NaN, 0.5, 0, -0) });
  f.attrs.set('attr', [NaN, 0], { dtype: 'bool' });
  f.close();
  expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps([f['array'][()].tolist(), f['typed'][()].tolist(), f.attrs['attr'].tolist()]))`, p))
    .toEqual([[true, true, false, false], [true, true, false, false], [true, false]]);
});
