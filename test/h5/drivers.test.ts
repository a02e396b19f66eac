/**
 * File drivers: sec2, stdio, core (in memory, backing store, images), family, split and multi, each judged by
 * h5py or h5dump; the PyNWB family fixture.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DriverSpec, ErrorCodes, File, Hdf5Error } from '../../lib';
import { copyFixtures, h5dump, py, thrown, tmpDir } from '../helpers';

const { dir, file } = tmpDir('drivers');

const N = 50000; // 400 kB of float64: spans several family members
const ramp = () => Float64Array.from({ length: N }, (_, i) => i * 0.5);

/** Writes the standard content: /d (ramp), /g/s (strings), an attribute on the root. */
function writeStandard(p: string, driver?: DriverSpec, mode: 'w' | 'x' = 'w'): void {
  const f = File.open(p, mode, driver === undefined ? {} : { driver });
  try {
    f.createDataset('d', { data: ramp(), chunks: [5000] });
    f.createGroup('g').createDataset('s', { data: ['a', 'bc', 'def'] }).close();
    f.attrs.set('answer', 42);
  } finally {
    f.close();
  }
}

function checkStandard(f: File): void {
  const d = f.getDataset('d');
  expect(d.shape).toEqual([N]);
  expect(Array.from(d.read().data as Float64Array)).toEqual(Array.from(ramp()));
  d.close();
  expect(f.getDataset('g/s').read().data).toEqual(['a', 'bc', 'def']);
  expect(Number(f.attrs.get('answer'))).toBe(42);
}

/** What h5py reads from the standard content, opened with the given h5py driver arguments (Python source). */
function h5pyStandard(p: string, driverArgs: string): { n: number; sum: number; s: string[]; answer: number } {
  return py(
    `
f = h5py.File(sys.argv[1], 'r'${driverArgs ? ', ' + driverArgs : ''})
print(json.dumps({'n': f['d'].shape[0], 'sum': float(f['d'][:].sum()), 's': [x.decode() for x in f['g/s'][:]], 'answer': int(f.attrs['answer'])}))`,
    p,
  );
}
const STANDARD = { n: N, sum: (0.5 * (N - 1) * N) / 2, s: ['a', 'bc', 'def'], answer: 42 };

describe('sec2 and stdio', () => {
  for (const driver of ['sec2', 'stdio'] as const) {
    test(`${driver}: written, reported, reopened, read by h5py`, () => {
      const p = file(`${driver}.h5`);
      const f = File.open(p, 'w', { driver });
      expect(f.driver).toBe(driver);
      f.close();
      writeStandard(p, { driver });
      const g = File.open(p, 'r', { driver });
      try {
        expect(g.driver).toBe(driver);
        checkStandard(g);
      } finally {
        g.close();
      }
      // the other single-file driver reads it too
      const h = File.open(p, 'r', { driver: driver === 'sec2' ? 'stdio' : 'sec2' });
      checkStandard(h);
      h.close();
      expect(h5pyStandard(p, `driver='${driver}'`)).toEqual(STANDARD);
      expect(h5dump(p, '-H')).toMatch(/DATASET "d"/);
    });
  }
});

describe('core (in memory)', () => {
  test('without a backing store nothing reaches the disk; image() has the bytes and h5py opens them', () => {
    const p = file('memory-only.h5');
    const f = File.open(p, 'w', { driver: { driver: 'core', backingStore: false } });
    let img: Buffer;
    try {
      expect(f.driver).toBe('core');
      f.createDataset('d', { data: ramp() });
      f.createGroup('g').createDataset('s', { data: ['a', 'bc', 'def'] }).close();
      f.attrs.set('answer', 42);
      checkStandard(f);
      img = f.image();
    } finally {
      f.close();
    }
    expect(fs.existsSync(p)).toBe(false);
    expect(Buffer.isBuffer(img)).toBe(true);
    expect(img.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]));
    const imgFile = file('memory-image.bin');
    fs.writeFileSync(imgFile, img);
    const r = py(
      `
import io
f = h5py.File(io.BytesIO(open(sys.argv[1], 'rb').read()), 'r')
print(json.dumps({'n': f['d'].shape[0], 'sum': float(f['d'][:].sum()), 's': [x.decode() for x in f['g/s'][:]], 'answer': int(f.attrs['answer'])}))`,
      imgFile,
    );
    expect(r).toEqual(STANDARD);
  });

  test('backingStore: true writes the file on close, and h5py reads it', () => {
    const p = file('backed.h5');
    const f = File.open(p, 'w', { driver: { driver: 'core', backingStore: true } });
    f.createDataset('d', { data: ramp() });
    f.createGroup('g').createDataset('s', { data: ['a', 'bc', 'def'] }).close();
    f.attrs.set('answer', 42);
    f.close();
    expect(fs.existsSync(p)).toBe(true);
    expect(h5pyStandard(p, '')).toEqual(STANDARD);
    // opened r+ with a backing store: changes persist
    const g = File.open(p, 'r+', { driver: { driver: 'core', backingStore: true } });
    g.attrs.set('answer', 43);
    g.close();
    expect(py(`print(json.dumps(int(h5py.File(sys.argv[1], 'r').attrs['answer'])))`, p)).toBe(43);
    // and without one they do not
    const h = File.open(p, 'r+', { driver: { driver: 'core', backingStore: false } });
    h.attrs.set('answer', 44);
    expect(h.attrs.get('answer')).toBe(44);
    h.close();
    expect(py(`print(json.dumps(int(h5py.File(sys.argv[1], 'r').attrs['answer'])))`, p)).toBe(43);
  });

  test('without backingStore the file is written on close, as h5py does; with an image, nothing is', () => {
    const p = file('core-default.h5');
    const f = File.open(p, 'w', { driver: 'core' });
    f.createDataset('d', { data: ramp() });
    f.createGroup('g').createDataset('s', { data: ['a', 'bc', 'def'] }).close();
    f.attrs.set('answer', 42);
    f.close();
    expect(h5pyStandard(p, '')).toEqual(STANDARD);
    const g = File.open(p, 'r+', { driver: { driver: 'core' } });
    g.attrs.set('answer', 43);
    const img = g.image();
    g.close();
    expect(py(`print(json.dumps(int(h5py.File(sys.argv[1], 'r').attrs['answer'])))`, p)).toBe(43);
    // an image has no file of its own: opened r+, its changes stay in memory
    const other = file('core-image-path.h5');
    const h = File.open(other, 'r+', { driver: { driver: 'core', image: img } });
    h.attrs.set('answer', 44);
    h.close();
    expect(fs.existsSync(other)).toBe(false);
    // and an image is opened, never created over: modes w, w- and x are refused before anything is touched
    for (const mode of ['w', 'w-', 'x'] as const) {
      const e = thrown(() => File.open(other, mode, { driver: { driver: 'core', image: img } }));
      expect([e.name, e.message]).toEqual(['RangeError', `cannot create '${other}' (mode ${mode}) from a core driver image: an image is opened with mode 'r', 'r+' or 'a'`]);
    }
    expect(fs.existsSync(other)).toBe(false);
  });

  test('image: opens the bytes of a file h5py wrote, as Buffer or Uint8Array, without touching the disk', () => {
    const src = file('h5py-written.h5');
    py(
      `
f = h5py.File(sys.argv[1], 'w')
f['d'] = np.arange(${N}) * 0.5
f.create_group('g')['s'] = [b'a', b'bc', b'def']
f.attrs['answer'] = 42
f.close()
print(json.dumps(1))`,
      src,
    );
    const bytes = fs.readFileSync(src);
    const name = file('no-such-file-on-disk.h5');
    for (const image of [bytes, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)]) {
      const f = File.open(name, 'r', { driver: { driver: 'core', image } });
      try {
        expect(f.driver).toBe('core');
        checkStandard(f);
        // image() gives back a file that reads the same
        const again = File.open(name, 'r', { driver: { driver: 'core', image: f.image() } });
        checkStandard(again);
        again.close();
      } finally {
        f.close();
      }
    }
    expect(fs.existsSync(name)).toBe(false);
    // changed in memory (r+), the new image has the change and the source bytes do not
    const w = File.open(name, 'r+', { driver: { driver: 'core', image: bytes } });
    w.attrs.set('answer', 7);
    w.createDataset('added', { data: [1, 2, 3] });
    const changed = w.image();
    w.close();
    expect(fs.existsSync(name)).toBe(false);
    const out = file('changed-image.bin');
    fs.writeFileSync(out, changed);
    expect(
      py(`
import io
f = h5py.File(io.BytesIO(open(sys.argv[1], 'rb').read()), 'r')
print(json.dumps([int(f.attrs['answer']), f['added'][:].tolist(), float(f['d'][:].sum())]))`, out),
    ).toEqual([7, [1, 2, 3], STANDARD.sum]);
    expect(py(`print(json.dumps(int(h5py.File(sys.argv[1], 'r').attrs['answer'])))`, src)).toBe(42);
  });

  test('image() of files opened with sec2 and stdio: the bytes h5py reads', () => {
    for (const driver of ['sec2', 'stdio'] as const) {
      const p = file(`img-${driver}.h5`);
      writeStandard(p, driver);
      const f = File.open(p, 'r', { driver });
      const img = f.image();
      f.close();
      expect(img.length).toBe(fs.statSync(p).size);
      const m = File.open('mem', 'r', { driver: { driver: 'core', image: img } });
      checkStandard(m);
      m.close();
    }
  });

  test('a bad image is an error, not a crash', () => {
    const e = thrown(() => File.open('mem', 'r', { driver: { driver: 'core', image: Buffer.from('not an HDF5 file at all') } }));
    expect(e).toBeInstanceOf(Hdf5Error);
    expect(e.code).toBe(ErrorCodes.NOT_HDF5);
    expect(() => File.open('mem', 'r', { driver: { driver: 'core', image: 'x' as never } })).toThrow(TypeError);
  });
});

describe('family', () => {
  const MEMBER = 100000;

  test('h5nwb writes members of memberSize bytes that h5py and h5dump read', () => {
    const p = path.join(dir, 'fam-%d.h5');
    writeStandard(p, { driver: 'family', memberSize: MEMBER });
    const members = fs.readdirSync(dir).filter((n) => /^fam-\d+\.h5$/.test(n)).sort((a, b) => parseInt(a.slice(4)) - parseInt(b.slice(4)));
    expect(members.length).toBeGreaterThanOrEqual(3);
    members.forEach((m, i) => {
      expect(m).toBe(`fam-${i}.h5`);
      const size = fs.statSync(path.join(dir, m)).size;
      if (i < members.length - 1) expect(size).toBe(MEMBER);
      else expect(size).toBeLessThanOrEqual(MEMBER);
    });
    const f = File.open(p, 'r', { driver: { driver: 'family', memberSize: MEMBER } });
    try {
      expect(f.driver).toBe('family');
      checkStandard(f);
    } finally {
      f.close();
    }
    expect(h5pyStandard(p, `driver='family', memb_size=${MEMBER}`)).toEqual(STANDARD);
    expect(h5dump(p, '--filedriver=family', '-H')).toMatch(/DATASET "d"/);
    expect(File.isHdf5(p, { driver: { driver: 'family', memberSize: MEMBER } })).toBe(true);
  });

  test('h5nwb reads and appends to family files h5py writes', () => {
    const p = path.join(dir, 'pyfam%d.h5');
    py(
      `
f = h5py.File(sys.argv[1], 'w', driver='family', memb_size=${MEMBER})
f['d'] = np.arange(${N}) * 0.5
f.create_group('g')['s'] = [b'a', b'bc', b'def']
f.attrs['answer'] = 42
f.close()
print(json.dumps(1))`,
      p,
    );
    expect(fs.statSync(path.join(dir, 'pyfam0.h5')).size).toBe(MEMBER);
    const f = File.open(p, 'r+', { driver: { driver: 'family', memberSize: MEMBER } });
    try {
      checkStandard(f);
      f.createDataset('more', { data: new Float64Array(30000).fill(1) });
    } finally {
      f.close();
    }
    expect(py(`f = h5py.File(sys.argv[1], 'r', driver='family', memb_size=${MEMBER}); print(json.dumps(float(f['more'][:].sum())))`, p)).toBe(30000);
  });

  test('the wrong memberSize is ERR_H5_FAMILY_MEMBER_SIZE with the right size in the message', () => {
    const p = path.join(dir, 'wrong-%d.h5');
    writeStandard(p, { driver: 'family', memberSize: MEMBER });
    for (const wrong of [MEMBER / 2, 4096]) {
      const e = thrown(() => File.open(p, 'r', { driver: { driver: 'family', memberSize: wrong } }));
      expect(e).toBeInstanceOf(Hdf5Error);
      expect(e.code).toBe(ErrorCodes.FAMILY_MEMBER_SIZE);
      expect(e.message).toContain(String(MEMBER));
      expect(e.message).toContain(String(wrong));
    }
  });

  test('driver option mistakes are caught before HDF5', () => {
    expect(() => File.open(file('nopercent.h5'), 'w', { driver: { driver: 'family', memberSize: MEMBER } })).toThrow(RangeError);
    expect(() => File.open(file('x%d.h5'), 'w', { driver: 'family' })).toThrow(RangeError);
    expect(() => File.open(file('x%d.h5'), 'w', { driver: { driver: 'family', memberSize: -1 } })).toThrow(RangeError);
    expect(() => File.open(file('x%d.h5'), 'w', { driver: { driver: 'family', memberSize: 10, bogus: 1 } as never })).toThrow(TypeError);
    expect(() => File.open(file('x.h5'), 'w', { driver: 'nope' as never })).toThrow(RangeError);
    // HDF5 writes a family file with a user block that it cannot open again: refused
    const ub = thrown(() => File.open(file('x%d.h5'), 'w', { userblock: 512, driver: { driver: 'family', memberSize: MEMBER } }));
    expect([ub.name, ub.message]).toEqual(['RangeError', `cannot open family file '${file('x%d.h5')}' with a userblock: HDF5 cannot read such a file back (use a single-file driver, or no userblock)`]);
    expect(fs.readdirSync(dir).some((n) => n.startsWith('x'))).toBe(false);
    const missing = thrown(() => File.open(path.join(dir, 'absent%d.h5'), 'r', { driver: { driver: 'family', memberSize: MEMBER } }));
    expect(missing.code).toBe(ErrorCodes.FILE_NOT_FOUND);
  });

  test('the PyNWB family fixture (family_%d.nwb, members of 1 MiB)', () => {
    const fixtures = fs.mkdtempSync(path.join(dir, 'fixtures-'));
    copyFixtures(fixtures);
    const p = path.join(fixtures, 'family_%d.nwb');
    const f = File.open(p, 'r', { driver: { driver: 'family', memberSize: 1048576 } });
    try {
      const d = f.getDataset('/acquisition/example_timeseries/data');
      expect(d.shape).toEqual([24000, 10]);
      expect(d.dtype).toBe('float32');
      expect(d.chunks).toEqual([1000, 10]);
      const data = d.read().data as Float32Array;
      let sum = 0;
      for (const v of data) sum += v;
      expect(sum).toBe(2760000);
      expect(data[0]).toBe(0);
      expect(data[23999 * 10]).toBe(23);
      expect(f.getDataset('identifier').readValue()).toBe('fixture-family');
    } finally {
      f.close();
    }
    const e = thrown(() => File.open(p, 'r', { driver: { driver: 'family', memberSize: 65536 } }));
    expect(e.code).toBe(ErrorCodes.FAMILY_MEMBER_SIZE);
    expect(e.message).toContain('1048576');
  });
});

describe('split', () => {
  test('default extensions: -m.h5 and -r.h5, read by h5py and h5dump', () => {
    const base = file('split-default');
    writeStandard(base, 'split');
    expect(fs.existsSync(base + '-m.h5')).toBe(true);
    expect(fs.existsSync(base + '-r.h5')).toBe(true);
    expect(fs.existsSync(base)).toBe(false);
    // the raw data lives in the raw file
    expect(fs.statSync(base + '-r.h5').size).toBeGreaterThan(fs.statSync(base + '-m.h5').size);
    const f = File.open(base, 'r', { driver: 'split' });
    // (HDF5 runs the split driver as its multi driver with two members; the file says which it was opened with)
    expect(f.driver).toBe('split');
    checkStandard(f);
    f.close();
    expect(h5pyStandard(base, `driver='split'`)).toEqual(STANDARD);
    expect(h5dump(base, '--filedriver=split', '-H')).toMatch(/DATASET "d"/);
    expect(File.isHdf5(base, { driver: 'split' })).toBe(true);
  });

  test('custom extensions, both ways with h5py', () => {
    const base = file('split-custom');
    writeStandard(base, { driver: 'split', metaExt: '.meta', rawExt: '.raw' });
    expect(fs.existsSync(base + '.meta')).toBe(true);
    expect(fs.existsSync(base + '.raw')).toBe(true);
    expect(h5pyStandard(base, `driver='split', meta_ext=b'.meta', raw_ext=b'.raw'`)).toEqual(STANDARD);
    const py2 = file('split-by-h5py');
    py(
      `
f = h5py.File(sys.argv[1], 'w', driver='split', meta_ext=b'.m', raw_ext=b'.r')
f['d'] = np.arange(${N}) * 0.5
f.create_group('g')['s'] = [b'a', b'bc', b'def']
f.attrs['answer'] = 42
f.close()
print(json.dumps(1))`,
      py2,
    );
    const f = File.open(py2, 'r', { driver: { driver: 'split', metaExt: '.m', rawExt: '.r' } });
    checkStandard(f);
    f.close();
    // the wrong extensions do not find it
    expect(thrown(() => File.open(py2, 'r', { driver: 'split' })).code).toBe(ErrorCodes.FILE_NOT_FOUND);
  });
});

describe('multi', () => {
  // Run from a scratch cwd: the bug below writes member files to the cwd.
  let before: string;
  beforeEach(() => {
    before = process.cwd();
    process.chdir(fs.mkdtempSync(path.join(dir, 'multi-cwd-')));
  });
  afterEach(() => process.chdir(before));

  // BUG (native/core/plist.cc, MakeFapl, multi branch): the member names given to H5Pset_fapl_multi are the
  // bare suffixes ("-s.h5"), but HDF5 uses them as printf formats of the file name ("%s-s.h5"), so the member
  // files are written to the current folder as "-s.h5", "-b.h5", ... whatever the path.
  test('default members: one file per kind beside the path, readable by h5dump --filedriver=multi', () => {
    const base = file('multi-default');
    writeStandard(base, 'multi');
    for (const s of ['-s.h5', '-b.h5', '-r.h5', '-l.h5', '-o.h5']) expect([s, fs.existsSync(base + s)]).toEqual([s, true]);
    const f = File.open(base, 'r', { driver: 'multi' });
    try {
      expect(f.driver).toBe('multi');
      checkStandard(f);
    } finally {
      f.close();
    }
    expect(h5dump(base, '--filedriver=multi', '-H')).toMatch(/DATASET "d"/);
  });

  test('custom members: kinds sharing a suffix share a file; unnamed kinds go with super', () => {
    const base = file('multi-custom');
    const driver: DriverSpec = { driver: 'multi', members: { super: '.meta', btree: '.meta', ohdr: '.meta', draw: '.raw' } };
    writeStandard(base, driver);
    expect(fs.existsSync(base + '.meta')).toBe(true);
    expect(fs.existsSync(base + '.raw')).toBe(true);
    expect(fs.readdirSync(dir).filter((n) => n.startsWith('multi-custom')).sort()).toEqual(['multi-custom.meta', 'multi-custom.raw']);
    const f = File.open(base, 'r', { driver });
    checkStandard(f);
    f.close();
  });

  test('multi option mistakes are TypeErrors', () => {
    expect(() => File.open(file('m'), 'w', { driver: { driver: 'multi', members: { nope: '-x.h5' } as never } })).toThrow(TypeError);
    expect(() => File.open(file('m'), 'w', { driver: { driver: 'multi', members: { super: '' } } })).toThrow(TypeError);
  });
});

describe('image() of files whose driver spans several files', () => {
  // HDF5's H5Fget_file_image refuses the family, split and multi drivers ("Not supported for family file
  // driver."); File.image() promises the bytes of any open file: an in-memory single-file copy.
  const cases: [string, string, DriverSpec][] = [
    ['family', 'imgfam%d.h5', { driver: 'family', memberSize: 100000 }],
    ['split', 'imgsplit', 'split'],
  ];
  for (const [label, name, driver] of cases) {
    test(`${label}: image() is a single-file image of the same content, references included`, () => {
      const p = file(name);
      writeStandard(p, driver);
      const w = File.open(p, 'r+', { driver });
      w.createDataset('refs', { data: [w.getDataset('d').ref(), w.getGroup('g').ref()] });
      w.attrs.set('where', w.getGroup('g').ref());
      w.close();
      const f = File.open(p, 'r', { driver });
      let img: Buffer;
      try {
        img = f.image();
        expect(f.driver).toBe(label);
        checkStandard(f); // the file itself is untouched
      } finally {
        f.close();
      }
      const m = File.open('mem', 'r', { driver: { driver: 'core', image: img } });
      try {
        checkStandard(m);
      } finally {
        m.close();
      }
      const out = file(`${label}-image.bin`);
      fs.writeFileSync(out, img);
      const r = py(
        `
import io
f = h5py.File(io.BytesIO(open(sys.argv[1], 'rb').read()), 'r')
print(json.dumps({'n': f['d'].shape[0], 'sum': float(f['d'][:].sum()), 's': [x.decode() for x in f['g/s'][:]], 'answer': int(f.attrs['answer']),
  'refs': [f[r].name for r in f['refs'][:]], 'where': f[f.attrs['where']].name, 'keys': sorted(f.keys())}))`,
        out,
      );
      expect(r).toEqual({ ...STANDARD, refs: ['/d', '/g'], where: '/g', keys: ['d', 'g', 'refs'] });
    });
  }
});
