/**
 * Values inside other types, checked against h5py: big-endian enums, integers nested in compounds, sequences and
 * arrays (and fill values) must fit exactly, bool is stored as 0/1 only, null-dataspace datasets (h5py's Empty)
 * both ways, and the values reads return (sequences, arrays, byte strings, references inside containers) written
 * back in the same form; strings that are not valid UTF-8 and NULs inside fixed-length strings; multi-dimensional
 * array-type elements; fill values never set; bitfields as the unsigned integers of their size.
 */
import { File } from '../../lib';
import { h5dump, py, thrown, tmpDir } from '../helpers';

const { file } = tmpDir('values');
const i8 = { class: 'integer', size: 1, signed: true } as const;
const i32 = { class: 'integer', size: 4, signed: true } as const;
const vi4 = { class: 'vlen', base: i32 } as const;

describe('enums of any byte order', () => {
  test('a big-endian enum keeps its member values and data (h5py, h5dump)', () => {
    const p = file('enum-be.h5');
    const dtype = { class: 'enum', base: { ...i32, order: 'be' }, members: [['A', -5], ['B', 300]] } as const;
    const f = File.open(p, 'w');
    const d = f.createDataset('e', { dtype: dtype as never, data: [-5, 300, -5] });
    f.attrs.set('e', 300, { dtype: dtype as never });
    expect(d.dtypeInfo).toMatchObject({ members: [['A', -5], ['B', 300]] });
    expect(Array.from(d.read().data as Int32Array)).toEqual([-5, 300, -5]);
    f.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r'); d = f['e']
print(json.dumps([h5py.check_enum_dtype(d.dtype), d.dtype.str, d[()].tolist(), int(f.attrs['e'])]))`, p)).toEqual([
      { A: -5, B: 300 }, '>i4', [-5, 300, -5], 300,
    ]);
    expect(h5dump(p, '-d', '/e')).toMatch(/H5T_STD_I32BE;\s+"A"\s+-5;\s+"B"\s+300;[\s\S]*\(0\): A, B, A/);
  });
});

describe('integers nested in other types must fit exactly', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['a compound field', () => ({ dtype: { class: 'compound', fields: [{ name: 'v', type: i8 }] }, data: [{ v: 300 }] }), /300 does not fit int8 exactly/],
    ['a fraction in a compound field', () => ({ dtype: { class: 'compound', fields: [{ name: 'v', type: i8 }] }, data: [{ v: 1.5 }] }), /1.5 does not fit int8 exactly/],
    ['a sequence element', () => ({ dtype: { class: 'vlen', base: { class: 'integer', size: 1, signed: false } }, data: [[1, 256]] }), /256 does not fit uint8 exactly/],
    ['a negative unsigned sequence element', () => ({ dtype: { class: 'vlen', base: { class: 'integer', size: 1, signed: false } }, data: [[-1]] }), /-1 does not fit uint8 exactly/],
    ['an unsafe 64-bit array element', () => ({ dtype: { class: 'array', base: { class: 'integer', size: 8, signed: true }, dims: [1] }, data: [[2 ** 60 + 1]] }), /cannot be stored exactly as a 64-bit integer; pass a BigInt/],
    ['a fill value', () => ({ dtype: 'int8', shape: [2], fillValue: 300 }), /300 does not fit int8 exactly/],
    ['a negative unsigned fill value', () => ({ dtype: 'uint8', shape: [2], fillValue: -1 }), /-1 does not fit uint8 exactly/],
    ['an unsafe 64-bit fill value', () => ({ dtype: 'int64', shape: [1], fillValue: 2 ** 60 + 1 }), /pass a BigInt/],
    ['a BigInt fill value past uint64', () => ({ dtype: 'uint64', shape: [1], fillValue: 2n ** 64n }), /18446744073709551616 does not fit uint64 exactly/],
    ['an enum member', () => ({ dtype: { class: 'enum', base: i8, members: [['A', 200]] }, shape: [1] }), /200 does not fit int8 exactly/],
  ];
  test.each(cases)('%s out of range is a RangeError and creates nothing', (label, options, message) => {
    const f = File.open(file(`range-${label.replace(/\W+/g, '-')}.h5`), 'w');
    try {
      const e = thrown(() => f.createDataset('x', options() as never));
      // (raised by the addon: a RangeError of the addon's realm, hence the name)
      expect(e.name).toBe('RangeError');
      expect(e.code).toBe('ERR_OUT_OF_RANGE');
      expect(e.message).toMatch(message);
      expect(f.has('x')).toBe(false);
    } finally {
      f.close();
    }
  });

  test('values at the limits are written exactly (h5py)', () => {
    const p = file('nested-limits.h5');
    const f = File.open(p, 'w');
    const ct = { class: 'compound', fields: [{ name: 'a', type: i8 }, { name: 'b', type: { class: 'integer', size: 8, signed: false } }] };
    f.createDataset('c', { dtype: ct as never, data: [{ a: -128, b: 2n ** 64n - 1n }, { a: 127, b: 2 ** 53 - 1 }] });
    f.createDataset('fill', { dtype: 'uint64', shape: [1], fillValue: 2n ** 64n - 1n });
    f.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r')
print(json.dumps([[[int(x) for x in r] for r in f['c'][()]], str(int(f['fill'][0]))]))`, p)).toEqual([
      [[-128, 18446744073709551615], [127, 9007199254740991]].map((r) => r.map(Number)), '18446744073709551615',
    ]);
  });
});

describe('bool is stored as 0 or 1', () => {
  test('byte arrays, attributes, fill values and compound fields: any nonzero value is TRUE (h5py reads the bytes)', () => {
    const p = file('bool.h5');
    const f = File.open(p, 'w');
    const b = f.createDataset('b', { dtype: 'bool', data: new Uint8Array([0, 1, 2, 255]) });
    f.createDataset('i8', { dtype: 'bool', data: new Int8Array([-1, 0]) });
    f.createDataset('fill', { dtype: 'bool', shape: [2], fillValue: 2 });
    const boolDesc = { class: 'enum', base: i8, members: [['FALSE', 0], ['TRUE', 1]] };
    f.createDataset('c', { dtype: { class: 'compound', fields: [{ name: 'v', type: i8 }, { name: 'b', type: boolDesc }] } as never, data: [{ v: 1, b: 5 }, { v: 2, b: false }] });
    f.attrs.set('b', new Int8Array([-1, 0]), { dtype: 'bool' });
    expect(Array.from(b.read().data as Uint8Array)).toEqual([0, 1, 1, 1]);
    expect(f.attrs.get('b')).toEqual([true, false]);
    f.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r')
u = lambda a: a.view('u1').tolist()
print(json.dumps([u(f['b'][()]), u(f['i8'][()]), u(f['fill'][()]), [int(x) for x in f['c']['b'].view('u1')], u(f.attrs['b'])]))`, p)).toEqual([
      [0, 1, 1, 1], [1, 0], [1, 1], [1, 0], [1, 0],
    ]);
  });
});

describe("null dataspaces (h5py's Empty)", () => {
  test("h5py's Empty datasets read as empty: size 0, no values, readValue() null; selections and writes are refused", async () => {
    const p = file('empty-h5py.h5');
    py(`f = h5py.File(sys.argv[1], 'w'); f['n'] = h5py.Empty('f8'); f['s'] = h5py.Empty(h5py.string_dtype()); f['x'] = 1.5
print('[]')`, p);
    const f = File.open(p, 'r+');
    const n = f.getDataset('n');
    const s = f.getDataset('s');
    expect([n.empty, n.size, n.shape, s.empty, s.size, f.getDataset('x').empty, f.getDataset('x').size]).toEqual([true, 0, [], true, 0, false, 1]);
    expect(n.read()).toEqual({ data: new Float64Array(0), shape: [] });
    expect(await n.readAsync()).toEqual({ data: new Float64Array(0), shape: [] });
    expect(s.read()).toEqual({ data: [], shape: [] });
    expect([n.readValue(), s.readValue()]).toEqual([null, null]);
    const sel = thrown(() => n.read({ start: [0], count: [1] }));
    expect(sel).toBeInstanceOf(RangeError);
    expect(sel.message).toBe(`dataset '/n' of ${p} is empty (a null dataspace): there is nothing to select`);
    expect(thrown(() => n.write([1])).message).toMatch(/is empty \(a null dataspace\): it holds no values to write/);
    await expect(n.writeAsync([1])).rejects.toThrow(/it holds no values to write/);
    f.close();
  });

  test('createDataset with empty: true makes a null dataspace that h5py reads as Empty', () => {
    const p = file('empty-ours.h5');
    const f = File.open(p, 'w');
    const d = f.createDataset('n', { dtype: 'int16', empty: true });
    f.createDataset('s', { dtype: 'string', empty: true });
    expect([d.empty, d.size, d.dtype]).toEqual([true, 0, 'int16']);
    const bad = thrown(() => f.createDataset('bad', { dtype: 'int16', empty: true, shape: [2] }));
    expect(bad).toBeInstanceOf(TypeError);
    expect(bad.message).toBe("createDataset('bad'): an empty dataset takes no shape (it holds no values)");
    expect(f.has('bad')).toBe(false);
    expect(thrown(() => f.createDataset('bad', { dtype: 'int16', empty: 1 as never })).message).toMatch(/empty must be a boolean/);
    f.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r')
print(json.dumps([[repr(f[k][()]), f[k].shape] for k in ['n', 's']]))`, p)).toEqual([
      ["Empty(dtype=dtype('int16'))", null], ["Empty(dtype=dtype('O'))", null],
    ]);
  });
});

describe('values that are arrays themselves write back in the form reads return', () => {
  test('sequences (vlen), array types and byte strings (opaque): datasets, writes and attributes (h5py)', () => {
    const p = file('array-values.h5');
    const f = File.open(p, 'w');
    const v = f.createDataset('v', { dtype: vi4 as never, data: [[1, 2, 3], [], [7]] });
    expect(v.read()).toEqual({ data: [[1, 2, 3], [], [7]], shape: [3] });
    v.write((v.read().data as number[][]).map((x) => x.map((y) => y * 10)));
    f.createDataset('v2d', { dtype: vi4 as never, data: [[[1], [2, 3]], [[4], []]] });
    f.createDataset('one', { dtype: vi4 as never, shape: [], data: [1, 2, 3] });
    const a = f.createDataset('a', { dtype: { class: 'array', base: i32, dims: [2] } as never, data: [[1, 2], [3, 4]] });
    expect(a.read()).toEqual({ data: [[1, 2], [3, 4]], shape: [2] });
    const o = f.createDataset('o', { dtype: { class: 'opaque', size: 2 } as never, shape: [], data: Buffer.from([1, 2]) });
    f.createDataset('o2', { dtype: { class: 'opaque', size: 2 } as never, data: [Buffer.from([1, 2]), Buffer.from([3, 4])] });
    expect(o.readValue()).toEqual(Buffer.from([1, 2]));
    f.attrs.set('v', [[1, 2], [3]], { dtype: vi4 as never });
    expect(f.attrs.get('v')).toEqual([[1, 2], [3]]);
    const ragged = thrown(() => f.createDataset('bad', { dtype: vi4 as never, data: [[[1], [2]], [[3]]] }));
    expect(ragged).toBeInstanceOf(RangeError);
    expect(ragged.message).toMatch(/ragged nested array/);
    f.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r')
L = lambda x: [L(y) for y in x] if isinstance(x, (list, np.ndarray)) else (x.tobytes().hex() if isinstance(x, np.void) else int(x))
print(json.dumps([L(list(f['v'][()])), L(f['v2d'][()].tolist()), L(f['one'][()]), f['a'][()].tolist(), f['o'][()].tobytes().hex(), L(list(f['o2'][()])), L(list(f.attrs['v']))]))`, p)).toEqual([
      [[10, 20, 30], [], [70]], [[[1], [2, 3]], [[4], []]], [1, 2, 3], [[1, 2], [3, 4]], '0102', ['0102', '0304'], [[1, 2], [3]],
    ]);
  });

  test('references inside compounds, sequences and arrays: attributes and datasets, read back and rewritten', () => {
    const p = file('nested-refs.h5');
    const f = File.open(p, 'w');
    const g = f.createGroup('g');
    const ref = { class: 'reference', kind: 'object' };
    const ct = { class: 'compound', fields: [{ name: 'i', type: i32 }, { name: 'r', type: ref }] };
    f.attrs.set('c', { i: 1, r: g }, { dtype: ct as never });
    f.attrs.set('c2', { i: 2, r: g.ref() }, { dtype: ct as never });
    expect((f.attrs.get('c') as { r: { deref(): { name: string } } }).r.deref().name).toBe('/g');
    const vr = f.createDataset('vr', { dtype: { class: 'vlen', base: ref } as never, data: [[g, f], [g]] });
    expect((vr.read().data as { deref(): { name: string } }[][]).map((x) => x.map((r) => r.deref().name))).toEqual([['/g', '/'], ['/g']]);
    const at = { class: 'compound', fields: [{ name: 'i', type: i32 }, { name: 'r', type: { class: 'array', base: ref, dims: [2] } }] };
    const ar = f.createDataset('ar', { dtype: at as never, data: [{ i: 1, r: [g, f] }] });
    ar.write(ar.read().data);
    f.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r')
print(json.dumps([f[f.attrs['c'][1]].name, f[f.attrs['c2'][1]].name, [[f[r].name for r in s] for s in f['vr'][()]], [f[r].name for r in f['ar'][0][1]]]))`, p)).toEqual([
      '/g', '/g', [['/g', '/'], ['/g']], ['/g', '/'],
    ]);
  });

  test('a Reference from another file is refused (it would point at whatever this file holds there); from the same file, even reopened, taken', () => {
    const pa = file('refs-a.h5');
    const pb = file('refs-b.h5');
    // the same layout in both files: a reference of b's /target is the address of a's /unrelated
    const a = File.open(pa, 'w');
    const b = File.open(pb, 'w');
    a.createGroup('unrelated');
    const target = b.createGroup('target');
    const ct = { class: 'compound', fields: [{ name: 'i', type: i32 }, { name: 'r', type: { class: 'reference', kind: 'object' } }] };
    const read = b.createDataset('refs', { dtype: 'ref', data: [target] }).read().data as unknown[];
    const msg = `the reference points into ${pb}, not into the file written to; a reference must point into the same file`;
    for (const [label, fn] of [
      ['dataset', () => a.createDataset('r', { dtype: 'ref', data: [target.ref()] })],
      ['read back', () => a.createDataset('r', { dtype: 'ref', data: read })],
      ['attribute', () => a.attrs.set('r', target.ref())],
      ['compound field', () => a.attrs.set('c', { i: 1, r: target.ref() }, { dtype: ct as never })],
    ] as const) {
      const e = thrown(fn);
      expect([label, e.name]).toEqual([label, 'RangeError']);
      expect(e.message).toContain(msg);
    }
    expect(a.has('r') || a.attrs.has('r') || a.attrs.has('c')).toBe(false);
    // b closed: its references are still known to be b's
    const kept = target.ref();
    b.close();
    expect(thrown(() => a.attrs.set('r', kept)).message).toContain(msg);
    // b reopened: the references read before are b's own, and written there
    const b2 = File.open(pb, 'r+');
    b2.attrs.set('again', kept);
    b2.createDataset('again', { dtype: 'ref', data: read });
    expect((b2.attrs.get('again') as { deref(): { name: string } }).deref().name).toBe('/target');
    b2.close();
    a.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps([f[f.attrs['again']].name, f[f['again'][0]].name]))`, pb)).toEqual(['/target', '/target']);
  });
});

describe('strings whose bytes are not valid UTF-8, NULs inside fixed-length strings', () => {
  test('bytes outside valid UTF-8 read as surrogate escapes (as h5py reads attributes) and write back unchanged', () => {
    const p = file('bytes.h5');
    py(`f = h5py.File(sys.argv[1], 'w'); t = h5py.string_dtype('ascii')
f.attrs.create('a', b'ab\\xffcd\\xe2\\x82', dtype=t)
f.create_dataset('d', data=np.array([b'ok', b'caf\\xe9', 'é€😀'.encode()], dtype=object), dtype=t)
print(json.dumps([f.attrs['a']]))`, p);
    const f = File.open(p, 'r+');
    const a = f.attrs.get('a') as string;
    expect(a).toBe('ab\udcffcd\udce2\udc82');
    const d = f.getDataset('d').read().data as string[];
    expect(d).toEqual(['ok', 'caf\udce9', 'é€😀']);
    f.attrs.set('a2', a, { encoding: 'ascii' });
    // (characters beyond ASCII stay refused in ASCII strings; the escaped bytes are not characters)
    f.createDataset('d2', { dtype: 'string', encoding: 'ascii', data: d.slice(0, 2) });
    f.createDataset('u2', { dtype: 'string', data: d });
    // Any other lone surrogate has no UTF-8 form: refused (h5py raises UnicodeEncodeError), not written as U+FFFD.
    expect(thrown(() => f.attrs.set('lone', 'x\ud800y')).message).toMatch(/'x\\uD800y' contains a lone surrogate U\+D800 at index 1/);
    expect(f.attrs.has('lone')).toBe(false);
    f.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r'); h = lambda b: b.hex()
print(json.dumps([f.attrs['a2'].encode('utf-8', 'surrogateescape').hex(), [h(x) for x in f['d2'][()]], [h(x) for x in f['u2'][()]], [h(x) for x in f['d'][()]]]))`, p)).toEqual([
      Buffer.from('ab\xffcd\xe2\x82', 'latin1').toString('hex'),
      ['6f6b', '636166e9'],
      ['6f6b', '636166e9', Buffer.from('é€😀').toString('hex')],
      ['6f6b', '636166e9', Buffer.from('é€😀').toString('hex')],
    ]);
  });

  test('fixed-length null-padded strings keep NULs inside, lose only trailing padding; null-terminated ones end at NUL', () => {
    const p = file('fixed-nul.h5');
    py(`f = h5py.File(sys.argv[1], 'w')
f.create_dataset('pad', data=np.array([b'a\\x00b', b'xy', b'\\x00z'], dtype='S5'))
t = h5py.h5t.C_S1.copy(); t.set_size(5); t.set_strpad(h5py.h5t.STR_NULLTERM)
d = h5py.h5d.create(f.id, b'term', t, h5py.h5s.create_simple((1,)))
d.write(h5py.h5s.ALL, h5py.h5s.ALL, np.array([b'ab\\x00zz'], dtype='S5'))
print(json.dumps(1))`, p);
    const f = File.open(p, 'r+');
    expect(f.getDataset('pad').read().data).toEqual(['a\0b', 'xy', '\0z']);
    expect(f.getDataset('term').read().data).toEqual(['ab']);
    const w = f.createDataset('w', { dtype: 'string', stringLength: 4, data: ['a\0b', 'c'] });
    const e = thrown(() => w.write(['ab\0', 'c']));
    expect([e.name, e.message]).toEqual(['RangeError', expect.stringMatching(/a null-padded string cannot end with NUL characters/)]);
    f.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r'); d = f['w']
print(json.dumps([d.id.get_type().get_strpad() == h5py.h5t.STR_NULLPAD, [x.hex() for x in d[()]]]))`, p)).toEqual([true, ['610062', '63']]);
    expect(h5dump(p, '-d', '/w')).toContain('(0): "a\\000b\\000", "c\\000\\000\\000"');
  });
});

describe('multi-dimensional array-type elements and default fill values', () => {
  test('array-type elements with several dimensions read nested, as h5py sub-arrays, and write nested or flat', () => {
    const p = file('array2d.h5');
    py(`f = h5py.File(sys.argv[1], 'w'); t = np.dtype(('i4', (2, 3)))
d = f.create_dataset('a', shape=(2,), dtype=t); d[0] = np.arange(6).reshape(2, 3); d[1] = np.arange(6, 12).reshape(2, 3)
f.attrs.create('at', np.arange(6).reshape(2, 3), dtype=t, shape=(2, 3))
f.create_dataset('c', shape=(1,), dtype=np.dtype([('x', 'f8'), ('m', ('i2', (2, 2)))]))[0] = (1.5, [[1, 2], [3, 4]])
print(json.dumps(1))`, p);
    const f = File.open(p, 'r+');
    const a = f.getDataset('a');
    expect(a.read().data).toEqual([[[0, 1, 2], [3, 4, 5]], [[6, 7, 8], [9, 10, 11]]]);
    expect(f.attrs.get('at')).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(f.getDataset('c').read().data).toEqual([{ x: 1.5, m: [[1, 2], [3, 4]] }]);
    const desc = a.dtypeInfo as never;
    f.createDataset('nested', { dtype: desc, data: [[[1, 2, 3], [4, 5, 6]], [7, 8, 9, 10, 11, 12]] });
    f.createDataset('one', { dtype: desc, shape: [1], data: [[[1, 2, 3], [4, 5, 6]]] });
    f.attrs.set('at2', [[1, 2, 3], [4, 5, 6]], { dtype: desc });
    f.getDataset('c').write([{ x: 2.5, m: [[5, 6], [7, 8]] }]);
    f.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r')
print(json.dumps([f['nested'][()].tolist(), f['one'][()].tolist(), f.attrs['at2'].tolist(), f['c'][0]['m'].tolist()]))`, p)).toEqual([
      [[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]], [[[1, 2, 3], [4, 5, 6]]], [[1, 2, 3], [4, 5, 6]], [[5, 6], [7, 8]],
    ]);
  });

  test('a fill value never set is the type zero, as h5py fillvalue reports it', () => {
    const p = file('fill-default.h5');
    const f = File.open(p, 'w');
    const comp = { class: 'compound', fields: [{ name: 'a', type: i32 }, { name: 'b', type: { class: 'float', size: 8 } }] };
    const got = [
      f.createDataset('i', { dtype: 'int32', shape: [2] }).fillValue,
      f.createDataset('l', { dtype: 'int64', shape: [2] }).fillValue,
      f.createDataset('f', { dtype: 'float32', shape: [2] }).fillValue,
      f.createDataset('c', { dtype: comp as never, shape: [2] }).fillValue,
      f.createDataset('s', { dtype: 'string', stringLength: 3, shape: [2] }).fillValue,
      f.createDataset('set', { dtype: 'int16', shape: [2], fillValue: 7 }).fillValue,
      f.createDataset('b', { dtype: 'bool', shape: [2] }).fillValue,
      f.createDataset('bt', { dtype: 'bool', shape: [2], fillValue: true }).fillValue,
    ];
    expect(got).toEqual([0, 0n, 0, { a: 0, b: 0 }, '', 7, false, true]);
    f.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r')
print(json.dumps([int(f['i'].fillvalue), int(f['l'].fillvalue), float(f['f'].fillvalue), [int(f['c'].fillvalue[0]), float(f['c'].fillvalue[1])], f['s'].fillvalue.decode(), int(f['set'].fillvalue), bool(f['b'].fillvalue), bool(f['bt'].fillvalue)]))`, p)).toEqual([
      0, 0, 0, [0, 0], '', 7, false, true,
    ]);
  });
});

describe('bitfields read and write as the unsigned integers of their size (as h5py has them)', () => {
  test('h5py-written bitfields of every size and both byte orders read as unsigned TypedArrays', () => {
    const p = file('bitfield-h5py.h5');
    py(`f = h5py.File(sys.argv[1], 'w')
for name, t in [('b1', h5py.h5t.STD_B8LE), ('b2', h5py.h5t.STD_B16BE), ('b4', h5py.h5t.STD_B32BE), ('b8', h5py.h5t.STD_B64LE)]:
    h5py.h5d.create(f.id, name.encode(), t, h5py.h5s.create_simple((3,)))
    f[name][...] = np.array([1, 258 % (1 << (8 * t.get_size())), (1 << (8 * t.get_size())) - 1], dtype=f[name].dtype)
    a = h5py.h5a.create(f.id, ('a' + name).encode(), t, h5py.h5s.create(h5py.h5s.SCALAR))
    a.write(np.array(5, dtype=f[name].dtype))
f.close()
print(json.dumps(True))`, p);
    const f = File.open(p, 'r');
    try {
      const got = ['b1', 'b2', 'b4', 'b8'].map((n) => {
        const d = f.getDataset(n);
        const data = d.read().data as ArrayLike<number | bigint>;
        return [d.dtype, d.dtypeInfo, data.constructor.name, Array.from(data, String), String(d.fillValue), String(f.attrs.get(`a${n}`))];
      });
      expect(got).toEqual([
        ['bitfield', { class: 'bitfield', size: 1, order: 'le' }, 'Uint8Array', ['1', '2', '255'], '0', '5'],
        ['bitfield', { class: 'bitfield', size: 2, order: 'be' }, 'Uint16Array', ['1', '258', '65535'], '0', '5'],
        ['bitfield', { class: 'bitfield', size: 4, order: 'be' }, 'Uint32Array', ['1', '258', '4294967295'], '0', '5'],
        ['bitfield', { class: 'bitfield', size: 8, order: 'le' }, 'BigUint64Array', ['1', '258', '18446744073709551615'], '0', '5'],
      ]);
      expect(Array.from(f.getDataset('b2').read({ start: [1], count: [2] }).data as Uint16Array)).toEqual([258, 65535]);
    } finally {
      f.close();
    }
  });

  test('bitfields written here (arrays, TypedArrays, fill values, compound members, attributes) read in h5py and h5dump', () => {
    const p = file('bitfield-ours.h5');
    const b16be = { class: 'bitfield', size: 2, order: 'be' } as const;
    const f = File.open(p, 'w');
    const d = f.createDataset('x', { dtype: b16be as never, shape: [3], fillValue: 7 });
    expect(d.fillValue).toBe(7);
    expect(Array.from(d.read().data as Uint16Array)).toEqual([7, 7, 7]);
    d.write(new Uint16Array([1, 258, 65535]));
    f.createDataset('y', { dtype: { class: 'bitfield', size: 8 } as never, data: new BigUint64Array([2n ** 64n - 1n]) });
    f.createDataset('c', {
      dtype: { class: 'compound', fields: [{ name: 'bits', type: b16be }, { name: 'n', type: i32 }] } as never,
      data: [{ bits: 258, n: 1 }],
    });
    f.attrs.set('a', [258, 3], { dtype: b16be as never });
    expect(f.getDataset('c').read().data).toEqual([{ bits: 258, n: 1 }]);
    expect(f.attrs.get('a')).toEqual(new Uint16Array([258, 3]));
    // Wrong values or arrays are refused, and so is a size HDF5 has no bitfield for.
    expect(thrown(() => d.write(new Int32Array(3))).name).toBe('TypeError');
    expect(thrown(() => d.write([1, 2, 65536])).message).toMatch(/65536 does not fit/);
    const e = thrown(() => f.createDataset('z', { dtype: { class: 'bitfield', size: 3 } as never, shape: [1] }));
    expect([e.name, e.code, e.message]).toEqual(['RangeError', 'ERR_OUT_OF_RANGE', 'bitfield size must be 1, 2, 4 or 8']);
    expect(f.has('z')).toBe(false);
    expect(Array.from(d.read().data as Uint16Array)).toEqual([1, 258, 65535]);
    f.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r')
print(json.dumps([f['x'][()].tolist(), int(f['x'].fillvalue), str(f['y'][0]), [int(f['c'][0]['bits']), int(f['c'][0]['n'])], f.attrs['a'].tolist()]))`, p)).toEqual([
      [1, 258, 65535], 7, '18446744073709551615', [258, 1], [258, 3],
    ]);
    // (h5dump shows each value's bytes in the machine's order)
    expect(h5dump(p, '-d', '/x')).toMatch(/H5T_STD_B16BE[\s\S]*\(0\): 01:00, 02:01, ff:ff/);
  });
});
