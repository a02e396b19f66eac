/**
 * Values inside compounds, sequences, array types, fill values and attributes: the checks top-level data has
 * (float32 range, ASCII text, UTF-8-encodable strings) hold there too, and their errors name the object, the
 * element and the field. Also: HDF5 1.12 references (refused with a clear error), the missing-filter message,
 * the code of a link look-up that found nothing, and compound descriptors the addon would have altered.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ErrorCodes, File, Hdf5Error } from '../../lib';
import { native } from '../../lib/binding';
import { py, rejected, thrown, tmpDir } from '../helpers';

const { dir, file } = tmpDir('nested-values');

const F32 = { class: 'float', size: 4 } as const;
const U8 = { class: 'integer', size: 1, signed: false } as const;
const ASCII = { class: 'string', vlen: true, cset: 'ascii' } as const;
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('float32 inside other types: a finite number beyond its range is refused, not stored as infinity', () => {
  const cmp = { class: 'compound', fields: [{ name: 'x', type: F32 }] } as const;
  const why = /does not fit float32: out of its range \(HDF5 would store infinity\)/;

  test.each([
    ['a compound field', (f: File) => f.createDataset('cmp', { dtype: cmp, data: [{ x: 1e39 }] }), "writing dataset '/cmp'", "field 'x': 1e\\+39"],
    ['a sequence element', (f: File) => f.createDataset('vlen', { dtype: { class: 'vlen', base: F32 }, data: [[-1e39]] }), "writing dataset '/vlen'", '-1e\\+39'],
    ['an array-type element', (f: File) => f.createDataset('arr', { dtype: { class: 'array', base: F32, dims: [2] }, data: [[1, 1e39]] }), "writing dataset '/arr'", '1e\\+39'],
    ['a fill value', (f: File) => f.createDataset('fill', { dtype: 'float32', shape: [1], fillValue: 1e39 }), "creating dataset '/fill'", 'fill value: 1e\\+39'],
    ['a compound attribute', (f: File) => f.attrs.set('c', { x: 1e39 }, { dtype: cmp }), "writing attribute 'c' of '/'", "field 'x': 1e\\+39"],
    ['the second element of a compound dataset', (f: File) => f.createDataset('two', { dtype: cmp, data: [{ x: 1 }, { x: 3.5e38 }] }), "writing dataset '/two'", "element 1: field 'x': 3.5e\\+38"],
  ])('%s', (_label, make, where, what) => {
    const p = file(`f32-${_label.replace(/ /g, '-')}.h5`);
    const f = File.open(p, 'w');
    const e = thrown(() => make(f));
    f.close();
    expect(e.name).toBe('RangeError');
    expect(e.code).toBe('ERR_OUT_OF_RANGE');
    expect(e.message).toMatch(new RegExp(`^${where} (of|in) ${esc(p)}: ${what} `));
    expect(e.message).toMatch(why);
  });

  test('the largest float32, NaN and the infinities given as such are stored as they are (h5py reads them)', () => {
    const p = file('f32-ok.h5');
    const f = File.open(p, 'w');
    const max = 3.4028234663852886e38;
    f.createDataset('cmp', { dtype: cmp, data: [{ x: max }, { x: -max }, { x: NaN }, { x: Infinity }, { x: -Infinity }] });
    f.createDataset('vlen', { dtype: { class: 'vlen', base: F32 }, data: [[max, -Infinity]] });
    f.createDataset('fill', { dtype: 'float32', shape: [1], fillValue: -max });
    f.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r')
s = lambda v: [str(float(x)) for x in v]
print(json.dumps([s(f['cmp']['x']), s(f['vlen'][0]), s(f['fill'][()])]))`, p)).toEqual([
      ['3.4028234663852886e+38', '-3.4028234663852886e+38', 'nan', 'inf', '-inf'],
      ['3.4028234663852886e+38', '-inf'],
      ['-3.4028234663852886e+38'],
    ]);
  });
});

describe('ASCII string types inside other types refuse text beyond ASCII, as at the top level', () => {
  test.each([
    ['a vlen ASCII compound field', { class: 'compound', fields: [{ name: 's', type: ASCII }] }, [{ s: 'é' }], "field 's': "],
    ['a fixed ASCII compound field', { class: 'compound', fields: [{ name: 's', type: { class: 'string', vlen: false, size: 4, cset: 'ascii', pad: 'nullpad' } }] }, [{ s: 'é' }], "field 's': "],
    ['a sequence of ASCII strings', { class: 'vlen', base: ASCII }, [['ok', 'é']], ''],
  ])('%s', (_label, dtype, data, field) => {
    const p = file(`ascii-${_label.replace(/ /g, '-')}.h5`);
    const f = File.open(p, 'w');
    const e = thrown(() => f.createDataset('d', { dtype: dtype as never, data: data as never }));
    expect(f.has('d')).toBe(false);
    f.close();
    expect(e.name).toBe('RangeError');
    expect(e.message).toBe(`writing dataset '/d' of ${p}: ${field}the type holds ASCII strings; 'é' is not ASCII`);
  });

  test('bytes beyond ASCII read from an ASCII field (escaped as U+DC80..U+DCFF) are written back as they were', () => {
    const p = file('ascii-bytes.h5');
    py(`f = h5py.File(sys.argv[1], 'w')
f['c'] = np.array([(b'a\\xff', 1)], dtype=[('s', 'S4'), ('i', 'i4')])
f['v'] = np.array([(b'b\\x80',)], dtype=[('s', h5py.string_dtype('ascii'))])
print(json.dumps(0))`, p);
    const f = File.open(p, 'r+');
    for (const name of ['c', 'v']) {
      const d = f.getDataset(name);
      const data = d.read().data as { s: string }[];
      d.write(data.map((r) => ({ ...r, s: r.s + 'z' })));
    }
    expect((f.getDataset('c').read().data as { s: string }[])[0].s).toBe('a\udcffz');
    f.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r')
print(json.dumps([f['c']['s'][0].hex(), f['v']['s'][0].hex(), h5py.check_string_dtype(f['v'].dtype['s']).encoding]))`, p)).toEqual(['61ff7a', '62807a', 'ascii']);
  });
});

describe('errors of nested values name the dataset or attribute, the file, the element and the field', () => {
  test('datasets', () => {
    const p = file('context.h5');
    const f = File.open(p, 'w');
    const c = f.createDataset('c', { dtype: { class: 'compound', fields: [{ name: 'a', type: U8 }, { name: 'b', type: U8 }] }, shape: [2] });
    const at = `writing dataset '/c' of ${p}: `;
    const cases: [() => unknown, string, string][] = [
      [() => c.write([{ a: 1, b: 0 }, { a: 256, b: 0 }]), 'RangeError', `${at}element 1: field 'a': 256 does not fit uint8 exactly`],
      [() => c.write([{ a: 1, b: 0 }, { a: 1 }]), 'TypeError', `${at}element 1: compound value lacks field 'b'`],
      [() => c.write([{ a: '1', b: 0 }, { a: 1, b: 1 }]), 'TypeError', `${at}element 0: field 'a': expected a number`],
      [() => f.createDataset('v', { dtype: { class: 'vlen', base: U8 }, data: [[1, 300]] }), 'RangeError', `writing dataset '/v' of ${p}: 300 does not fit uint8 exactly`],
      [() => f.createDataset('s', { dtype: 'string', stringLength: 2, data: ['abc'] }), 'RangeError', `writing dataset '/s' of ${p}: string 'abc' is longer than the fixed length 2`],
      [() => f.createDataset('o', { dtype: { class: 'opaque', size: 2 }, data: [Buffer.from('abc')] }), 'RangeError', `writing dataset '/o' of ${p}: opaque value has the wrong size`],
    ];
    for (const [fn, cls, message] of cases) {
      const e = thrown(fn);
      expect([e.constructor.name, e.message]).toEqual([cls, message]);
      expect(e.code).toBe(cls === 'RangeError' ? 'ERR_OUT_OF_RANGE' : 'ERR_INVALID_ARG_TYPE');
    }
    f.close();
  });

  test('attributes', () => {
    const p = file('context-attrs.h5');
    const f = File.open(p, 'w');
    const g = f.createGroup('g');
    const at = (name: string, owner = '/') => `writing attribute '${name}' of '${owner}' in ${p}: `;
    expect(thrown(() => f.attrs.set('x', 'abcdef', { length: 3 })).message).toBe(`${at('x')}string 'abcdef' is longer than the fixed length 3`);
    const nul = thrown(() => g.attrs.set('y', 'a\0b'));
    expect(nul.name).toBe('RangeError');
    expect(nul.message).toBe(`${at('y', '/g')}variable-length and null-terminated strings cannot hold NUL characters: 'a\\0...'`);
    const ct = { class: 'compound', fields: [{ name: 'n', type: U8 }] } as const;
    expect(thrown(() => g.attrs.set('z', [{ n: 1 }, { n: -1 }], { dtype: ct })).message).toBe(`${at('z', '/g')}element 1: field 'n': -1 does not fit uint8 exactly`);
    expect(f.attrs.keys().length + g.attrs.keys().length).toBe(0);
    f.close();
  });
});

describe('strings with a lone surrogate (no UTF-8 form) are refused, not written as U+FFFD', () => {
  test('values: datasets, attributes, compound fields', () => {
    const p = file('lone.h5');
    const f = File.open(p, 'w');
    const msg = (what: string, shown: string, unit: string, at: number) =>
      `${what}: '${shown}' contains a lone surrogate U+${unit} at index ${at}, which UTF-8 cannot encode`;
    const cases: [() => unknown, string][] = [
      [() => f.createDataset('s', { data: ['a\ud800b'] }), msg(`writing dataset '/s' of ${p}`, 'a\\uD800b', 'D800', 1)],
      [() => f.attrs.set('x', '\udfff'), msg(`writing attribute 'x' of '/' in ${p}`, '\\uDFFF', 'DFFF', 0)],
      [() => f.attrs.set('y', ['ok', 'b\udbff']), msg(`writing attribute 'y' of '/' in ${p}: element 1`, 'b\\uDBFF', 'DBFF', 1)],
      // (a low surrogate below U+DC80 is no escaped byte either)
      [() => f.createDataset('c', { dtype: { class: 'compound', fields: [{ name: 's', type: { class: 'string', vlen: true } }] }, data: [{ s: '\udc7f' }] }),
        msg(`writing dataset '/c' of ${p}: field 's'`, '\\uDC7F', 'DC7F', 0)],
    ];
    for (const [fn, message] of cases) {
      const e = thrown(fn);
      expect(e.name).toBe('RangeError');
      expect(e.message).toBe(message);
    }
    // A valid pair is one character; escaped bytes (U+DC80..U+DCFF) are bytes.
    f.attrs.set('ok', ['😀', 'a\udcffb']);
    f.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps([x.hex() for x in f.attrs['ok']] if f.attrs['ok'].dtype.kind == 'S' else [x.encode('utf-8', 'surrogateescape').hex() for x in f.attrs['ok']]))`, p))
      .toEqual([Buffer.from('😀').toString('hex'), '61ff62']);
  });

  test('names', () => {
    const p = file('lone-names.h5');
    const f = File.open(p, 'w');
    for (const fn of [() => f.createGroup('g\ud800'), () => f.attrs.set('a\ud800', 1), () => f.createDataset('d', { dtype: { class: 'compound', fields: [{ name: 'x\ud800', type: U8 }] }, shape: [1] })]) {
      const e = thrown(fn);
      expect(e.name).toBe('RangeError');
      expect(e.message).toMatch(/'(g|a|x)\\uD800' contains a lone surrogate U\+D800 at index 1, which UTF-8 cannot encode/);
    }
    expect([f.keys(), f.attrs.keys()]).toEqual([[], []]);
    f.close();
  });
});

/**
 * Where this process can make them: HDF5 1.12+ references need the C API (h5py 3.7 on HDF5 1.10 cannot write
 * them), so a small C program is compiled against the bundled HDF5 the addon uses. Null, or why not.
 */
function stdRefMaker(): { exe: string } | string {
  const info = native.libraryInfo() as { hdf5Version: string; hdf5Linkage: string };
  const [maj, min] = info.hdf5Version.split('.').map(Number);
  if (maj < 1 || (maj === 1 && min < 12)) return `the addon uses HDF5 ${info.hdf5Version}, which has no H5T_STD_REF`;
  if (info.hdf5Linkage !== 'bundled') return `the addon links ${info.hdf5Linkage} HDF5, not the bundled one this test compiles against`;
  const cache = process.env.H5NWB_CACHE_DIR ? path.resolve(process.env.H5NWB_CACHE_DIR) : path.join(os.homedir(), '.cache', 'h5nwb');
  const prefix = fs.existsSync(cache)
    ? fs.readdirSync(cache).map((d) => path.join(cache, d)).find((d) => path.basename(d).startsWith(`hdf5-${info.hdf5Version}-`) && fs.existsSync(path.join(d, 'lib', 'libhdf5.a')))
    : undefined;
  if (!prefix) return `no bundled HDF5 ${info.hdf5Version} build under ${cache}`;
  const src = path.join(dir, 'mkref.c');
  fs.writeFileSync(src, `#include <hdf5.h>
typedef struct { int i; H5R_ref_t r; } rec_t;
int main(int argc, char** argv) {
  hid_t f = H5Fcreate(argv[1], H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  hid_t g = H5Gcreate2(f, "target", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5R_ref_t refs[2];
  H5Rcreate_object(f, "target", H5P_DEFAULT, &refs[0]);
  H5Rcreate_object(f, "/", H5P_DEFAULT, &refs[1]);
  hsize_t n = 2;
  hid_t s = H5Screate_simple(1, &n, NULL);
  hid_t d = H5Dcreate2(f, "refs", H5T_STD_REF, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(d, H5T_STD_REF, H5S_ALL, H5S_ALL, H5P_DEFAULT, refs);
  hid_t a = H5Acreate2(g, "refattr", H5T_STD_REF, s, H5P_DEFAULT, H5P_DEFAULT);
  H5Awrite(a, H5T_STD_REF, refs);
  hid_t ct = H5Tcreate(H5T_COMPOUND, sizeof(rec_t));
  H5Tinsert(ct, "i", HOFFSET(rec_t, i), H5T_NATIVE_INT);
  H5Tinsert(ct, "r", HOFFSET(rec_t, r), H5T_STD_REF);
  rec_t recs[2] = {{1, refs[0]}, {2, refs[1]}};
  hid_t c = H5Dcreate2(f, "cmp", ct, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  herr_t w = H5Dwrite(c, ct, H5S_ALL, H5S_ALL, H5P_DEFAULT, recs);
  H5Rdestroy(&refs[0]); H5Rdestroy(&refs[1]);
  H5Dclose(c); H5Tclose(ct); H5Aclose(a); H5Dclose(d); H5Sclose(s); H5Gclose(g);
  return H5Fclose(f) < 0 || w < 0;
}
`);
  const exe = path.join(dir, 'mkref');
  const lib = (n: string) => path.join(prefix, 'lib', n);
  const libs = ['libhdf5.a', 'libsz.a', 'libaec.a', 'libz.a'].map(lib).filter((l) => fs.existsSync(l));
  const r = spawnSync('gcc', [src, `-I${path.join(prefix, 'include')}`, ...libs, '-lm', '-ldl', '-lpthread', '-o', exe], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return `gcc could not build the reference writer: ${r.error?.message ?? r.stderr}`;
  return { exe };
}

describe('HDF5 1.12 references (H5T_STD_REF)', () => {
  const maker = stdRefMaker();
  const skip = typeof maker === 'string' ? maker : null;
  if (skip) test('(skipped)', () => console.log(`HDF5 1.12 reference tests skipped: ${skip}`));
  (skip ? test.skip : test)('are described as kind "std" and refused with a clear error on read and write, not misread', async () => {
    const p = file('stdref.h5');
    const r = spawnSync((maker as { exe: string }).exe, [p], { encoding: 'utf8' });
    expect([r.status, r.stderr]).toEqual([0, '']);
    const f = File.open(p, 'r+');
    const d = f.getDataset('refs');
    expect(d.dtypeInfo).toEqual({ class: 'reference', kind: 'std', size: expect.any(Number) });
    const stdRef = (doing: string) => (e: any) => {
      expect(e).toBeInstanceOf(Hdf5Error);
      expect(e.code).toBe(ErrorCodes.TYPE_CONVERSION);
      expect(e.message).toMatch(new RegExp(`^cannot ${doing} ${esc(p)}: it holds HDF5 1\\.12 references \\(H5T_STD_REF\\), which h5nwb does not read or write yet`));
    };
    stdRef(`read dataset '/refs' of`)(thrown(() => d.read()));
    stdRef(`read dataset '/refs' of`)(await rejected(() => d.readAsync()));
    stdRef(`read or write dataset '/refs' of`)(thrown(() => d.readInto(new BigUint64Array(2))));
    stdRef(`read or write dataset '/refs' of`)(thrown(() => d.write([null, null])));
    stdRef(`read dataset '/cmp' of`)(thrown(() => f.getDataset('cmp').read()));
    expect(f.getDataset('cmp').dtypeInfo).toMatchObject({ class: 'compound', fields: [{ name: 'i' }, { name: 'r', type: { class: 'reference', kind: 'std' } }] });
    stdRef(`read attribute 'refattr' of '/target' in`)(thrown(() => f.getGroup('target').attrs.get('refattr')));
    // and none is written: kind 'std' asked for is refused, not made an object reference
    const e = thrown(() => f.createDataset('new', { dtype: { class: 'reference', kind: 'std' } as never, shape: [1] }));
    expect(e.name).toBe('TypeError');
    expect(e.message).toMatch(/h5nwb does not write HDF5 1\.12 references \(kind 'std'\)/);
    f.close();
  });
});

test("a filter that is not registered is named in the message, not the plugin directory HDF5 looked in", () => {
  const p = file('lzf.h5');
  py(`f = h5py.File(sys.argv[1], 'w'); f.create_dataset('lzf', data=np.arange(100), compression='lzf'); print(json.dumps(0))`, p);
  const f = File.open(p, 'r');
  const e = thrown(() => f.getDataset('lzf').read());
  f.close();
  expect(e).toBeInstanceOf(Hdf5Error);
  expect(e.code).toBe(ErrorCodes.FILTER);
  // (HDF5 1.10's outermost frame says "can't read data", 1.14's "can't synchronously read data")
  expect(e.message).toMatch(new RegExp(`^cannot read dataset '/lzf' of ${esc(p)}: can't (synchronously )?read data: required filter 'lzf' is not registered$`));
  expect(e.message).not.toMatch(/plugin|directory/);
  expect(e.frames[0].desc).toBe("required filter 'lzf' is not registered");
});

test("a link look-up that finds nothing is ERR_H5_NOT_FOUND, though libhdf5's frame has the minor 'Object already exists'", () => {
  const p = file('getlink.h5');
  const f = File.open(p, 'w');
  const g = f.createGroup('g');
  for (const [h, name] of [[f, '.'], [g, '.'], [f, 'g/.']] as const) {
    const e = thrown(() => native.linkInfo(h._h, name));
    expect(e).toBeInstanceOf(Hdf5Error);
    expect(e.frames.some((fr: { minor: string; desc: string }) => fr.minor === 'Object already exists' && fr.desc === "name doesn't exist")).toBe(true);
    expect([name, e.code]).toEqual([name, ErrorCodes.NOT_FOUND]);
  }
  // a name that is taken stays ERR_H5_EXISTS
  expect(thrown(() => f.createGroup('g')).code).toBe(ErrorCodes.EXISTS);
  f.close();
});

describe('compound descriptors the addon would have altered', () => {
  test('a field name holding NUL is refused (HDF5 would cut it at the NUL), as enum member names', () => {
    const f = File.open(file('nul-names.h5'), 'w');
    const e = thrown(() => f.createDataset('c', { dtype: { class: 'compound', fields: [{ name: 'a\0b', type: U8 }] }, shape: [1] }));
    expect([e.constructor.name, e.message]).toEqual(['TypeError', 'dtype descriptor: compound field name must not contain NUL characters']);
    const m = thrown(() => f.createDataset('e', { dtype: { class: 'enum', base: U8, members: [['A\0B', 0]] }, shape: [1] }));
    expect([m.constructor.name, m.message]).toEqual(['TypeError', 'dtype descriptor: enum member name must not contain NUL characters']);
    expect(f.keys()).toEqual([]);
    f.close();
  });

  test('a size smaller than the fields is refused; a larger one is kept, with or without offsets (h5py reads the itemsize)', () => {
    const p = file('cmp-size.h5');
    const f = File.open(p, 'w');
    const F8 = { class: 'float', size: 8 } as const;
    const e = thrown(() => f.createDataset('small', { dtype: { class: 'compound', size: 4, fields: [{ name: 'a', type: F8 }] }, shape: [1] }));
    expect([e.constructor.name, e.message]).toEqual(['RangeError', 'dtype descriptor: compound size 4 is smaller than its fields need (8 bytes)']);
    const e2 = thrown(() => f.createDataset('small2', { dtype: { class: 'compound', size: 9, fields: [{ name: 'a', type: F8 }, { name: 'b', offset: 4, type: F8 }] }, shape: [1] }));
    expect(e2.message).toBe('dtype descriptor: compound size 9 is smaller than its fields need (12 bytes)');
    expect(f.createDataset('big', { dtype: { class: 'compound', size: 16, fields: [{ name: 'a', type: F8 }] }, data: [{ a: 1.5 }] }).dtypeInfo).toMatchObject({ size: 16 });
    f.close();
    expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps([list(f), f['big'].dtype.itemsize, float(f['big']['a'][0])]))`, p)).toEqual([['big'], 16, 1.5]);
  });
});
