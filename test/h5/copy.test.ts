/**
 * Object copy (Group.copy / copyAsync, H5Ocopy) judged against h5py's Group.copy with the same options, and
 * whole-file copies (copyFile) of files whose content sits behind nested external links.
 */
import * as fs from 'fs';
import * as path from 'path';
import { copyFile, copyFileSync, CopyOptions, CopyProgress, ErrorCodes, File, Hdf5Error } from '../../lib';
import { py, rejected, thrown, tmpDir } from '../helpers';

const { dir, file } = tmpDir('copy');

/**
 * Python: describe(f, group) -> { path: facts } for every link below `group`, links not followed (soft and
 * external links reported as such), datasets with their values, references with what they resolve to.
 */
const DESCRIBE = `
import os
def describe_ref(f, r):
    if not r:
        return None
    try:
        o = f[r]
    except Exception as e:
        return 'unresolvable'
    # every path that reaches the object through hard links (which of them o.name gives depends on how each
    # file stores its links)
    d = {'names': names_of(f, o), 'kind': 'group' if isinstance(o, h5py.Group) else 'dataset'}
    if isinstance(o, h5py.Dataset):
        d['values'] = o[()].tolist()
    return d

def names_of(f, o):
    out = []
    seen = set()
    def walk(g, prefix):
        for k in g.keys():
            if not isinstance(g.get(k, getlink=True), h5py.HardLink):
                continue
            c = g[k]
            if c == o:
                out.append(prefix + k)
            if isinstance(c, h5py.Group) and c.id not in seen:
                seen.add(c.id)
                walk(c, prefix + k + '/')
    seen.add(f['/'].id)
    walk(f['/'], '/')
    return sorted(out)

def describe(f, root):
    out = {}
    def walk(g, prefix):
        for k in g.keys():
            l = g.get(k, getlink=True)
            name = prefix + k
            if isinstance(l, h5py.SoftLink):
                out[name] = {'link': 'soft', 'path': l.path}
                continue
            if isinstance(l, h5py.ExternalLink):
                out[name] = {'link': 'external', 'file': l.filename, 'path': l.path}
                continue
            o = g[k]
            d = {'link': 'hard', 'attrs': {a: describe_attr(f, o.attrs[a]) for a in sorted(o.attrs.keys())}}
            if isinstance(o, h5py.Group):
                d['kind'] = 'group'
                out[name] = d
                walk(o, name + '/')
            else:
                d['kind'] = 'dataset'
                if h5py.check_dtype(ref=o.dtype):
                    d['refs'] = [describe_ref(f, r) for r in o[()]]
                else:
                    v = o[()]
                    d['values'] = [x.decode() if isinstance(x, bytes) else x for x in v.tolist()] if v.ndim else v.item()
                out[name] = d
    walk(root, '')
    return out

def describe_attr(f, v):
    if isinstance(v, h5py.Reference):
        return {'ref': describe_ref(f, v)}
    if isinstance(v, bytes):
        return v.decode()
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, np.generic):
        return v.item()
    return v
`;

/** h5py's description of one group of a file. */
function describeGroup(p: string, group: string): Record<string, any> {
  return py(`${DESCRIBE}\nf = h5py.File(sys.argv[1], 'r')\nprint(json.dumps(describe(f, f[sys.argv[2]])))`, p, group);
}

/** The source: /g with data, attributes, a subgroup, soft, external and hard links, and references. */
function makeSource(p: string): void {
  const ext = path.join(path.dirname(p), 'copy-ext.h5');
  const e = File.open(ext, 'w');
  e.createDataset('e', { data: [7, 7], dtype: 'int32' });
  e.createGroup('eg').createDataset('x', { data: [8], dtype: 'int32' }).close();
  e.close();
  const f = File.open(p, 'w');
  const other = f.createGroup('other');
  other.createDataset('t', { data: [9], dtype: 'int32' }).close();
  other.close();
  const g = f.createGroup('g');
  g.attrs.set('ga', 1);
  const d = g.createDataset('d', { data: [1, 2, 3], dtype: 'int32' });
  d.attrs.set('da', 'x');
  const sub = g.createGroup('sub');
  sub.attrs.set('sa', 2);
  sub.createDataset('dd', { data: [4, 5], dtype: 'int32' }).close();
  sub.close();
  g.createSoftLink('soft', '/other/t');
  g.createSoftLink('softin', '/g/d');
  g.createExternalLink('ext', 'copy-ext.h5', '/e');
  g.createExternalLink('extg', 'copy-ext.h5', '/eg');
  g.createHardLink('alias', d);
  g.createDataset('refs', { data: [f.getDataset('other/t').ref(), d.ref()] });
  d.close();
  g.close();
  f.close();
}

const src = file('copy-src.h5');
beforeAll(() => makeSource(src));

const VARIANTS: [string, CopyOptions][] = [
  ['defaults', {}],
  ['shallow', { shallow: true }],
  ['expandSoft', { expandSoft: true }],
  ['expandExternal', { expandExternal: true }],
  ['expandRefs', { expandRefs: true }],
  ['withoutAttrs', { withoutAttrs: true }],
  ['everything', { expandSoft: true, expandExternal: true, expandRefs: true }],
];

function h5pyArgs(o: CopyOptions): string {
  return `shallow=${o.shallow ? 'True' : 'False'}, expand_soft=${o.expandSoft ? 'True' : 'False'}, expand_external=${o.expandExternal ? 'True' : 'False'}, expand_refs=${o.expandRefs ? 'True' : 'False'}, without_attrs=${o.withoutAttrs ? 'True' : 'False'}`;
}

describe('Group.copy across files, option by option, against h5py', () => {
  const results: Record<string, Record<string, any>> = {};

  for (const [label, opts] of VARIANTS) {
    test(`${label}: the same tree as h5py's copy`, () => {
      const mine = file(`across-${label}-h5nwb.h5`);
      const theirs = file(`across-${label}-h5py.h5`);
      const s = File.open(src, 'r');
      const d = File.open(mine, 'w');
      try {
        s.copy('g', d, 'copied', opts);
      } finally {
        d.close();
        s.close();
      }
      py(
        `f = h5py.File(sys.argv[1], 'r'); d = h5py.File(sys.argv[2], 'w'); f.copy('g', d, name='copied', ${h5pyArgs(opts)}); d.close(); print(json.dumps(1))`,
        src,
        theirs,
      );
      const a = describeGroup(mine, '/copied');
      const b = describeGroup(theirs, '/copied');
      if (opts.expandSoft && opts.expandRefs) {
        // /copied/soft's target lies outside the copied tree and a reference points to it too: libhdf5 makes one
        // copy for both, h5nwb two (see Group.copy's expandSoft); the values agree, the objects' names do not.
        expect(a.refs.refs[0].names).toHaveLength(1);
        expect(a.refs.refs[0].names[0]).toMatch(/^\/~obj_pointed_by_\d+$/);
        expect(b.refs.refs[0].names).toContain('/copied/soft');
        for (const t of [a, b]) delete t.refs.refs[0].names;
      }
      expect(a).toEqual(b);
      results[label] = a;
    });
  }

  test('what each option does', () => {
    const base = results.defaults;
    expect(base).toBeDefined();
    // defaults: soft and external links are copied as links; data and attributes come along
    expect(base.soft).toEqual({ link: 'soft', path: '/other/t' });
    expect(base.ext).toEqual({ link: 'external', file: 'copy-ext.h5', path: '/e' });
    expect(base.d).toEqual({ link: 'hard', kind: 'dataset', attrs: { da: 'x' }, values: [1, 2, 3] });
    expect(base['sub/dd'].values).toEqual([4, 5]);
    expect(base.alias.values).toEqual([1, 2, 3]);
    // shallow: the immediate members only
    expect(results.shallow.sub.kind).toBe('group');
    expect(results.shallow['sub/dd']).toBeUndefined();
    expect(results.shallow.d.values).toEqual([1, 2, 3]);
    // expandSoft: soft links become copies of their targets
    expect(results.expandSoft.soft).toEqual({ link: 'hard', kind: 'dataset', attrs: {}, values: [9] });
    expect(results.expandSoft.ext.link).toBe('external');
    // expandExternal: external links become copies of their targets
    expect(results.expandExternal.ext).toEqual({ link: 'hard', kind: 'dataset', attrs: {}, values: [7, 7] });
    expect(results.expandExternal['extg/x'].values).toEqual([8]);
    expect(results.expandExternal.soft.link).toBe('soft');
    // withoutAttrs: no attributes anywhere
    for (const v of Object.values(results.withoutAttrs)) if (v.link === 'hard') expect(v.attrs).toEqual({});
    expect(base.sub.attrs).toEqual({ sa: 2 });
    // expandRefs: references resolve, in the new file, to copies with the same values
    expect(results.expandRefs.refs.refs.map((r: any) => r && r.values)).toEqual([[9], [1, 2, 3]]);
    expect(results.everything.refs.refs.map((r: any) => r && r.values)).toEqual([[9], [1, 2, 3]]);
  });
});

describe('Group.copy within a file', () => {
  for (const [label, opts] of VARIANTS) {
    test(`${label}: the same as h5py's copy in place`, () => {
      const mine = file(`within-${label}-h5nwb.h5`);
      const theirs = file(`within-${label}-h5py.h5`);
      fs.copyFileSync(src, mine);
      fs.copyFileSync(src, theirs);
      const f = File.open(mine, 'r+');
      try {
        // destination as a path in the same file, and as a group with a name
        f.copy('g', 'gc', undefined, opts);
        f.copy(f.getGroup('g'), f.getGroup('other'), 'gcopy', opts);
      } finally {
        f.close();
      }
      py(
        `f = h5py.File(sys.argv[1], 'r+'); f.copy('g', 'gc', ${h5pyArgs(opts)}); f.copy(f['g'], f['other'], name='gcopy', ${h5pyArgs(opts)}); f.close(); print(json.dumps(1))`,
        theirs,
      );
      expect(describeGroup(mine, '/')).toEqual(describeGroup(theirs, '/'));
      const gc = describeGroup(mine, '/gc');
      // within a file, references keep pointing at the originals unless expanded
      if (!opts.expandRefs) {
        const names = gc.refs.refs.map((r: any) => r.names);
        expect(names[0]).toEqual(['/other/t']);
        expect(names[1]).toEqual(['/g/alias', '/g/d']); // the original, not the copy in /gc
      }
      else expect(gc.refs.refs.map((r: any) => r.values)).toEqual([[9], [1, 2, 3]]);
    });
  }
});

describe('copy details', () => {
  test('expandSoft: links of every name length and short targets open in h5py once the file is closed (copy and copyAsync)', async () => {
    // (libhdf5's own expansion wrote some of these past the end of the file and could corrupt the heap)
    const p = file('esoft-src.h5');
    const f = File.open(p, 'w');
    f.createDataset('b', { data: [1, 2] });
    f.createGroup('g').createDataset('b', { data: [3] });
    const cases: [string, string][] = [];
    for (let len = 1; len <= 24; len++) {
      for (const [k, target] of ['/b', '/g', '/g/b', 'rel'].entries()) {
        const top = f.createGroup(`t${len}_${k}`);
        top.createDataset('rel', { data: [9] });
        top.createSoftLink('L'.repeat(len), target);
        cases.push([`t${len}_${k}`, 'L'.repeat(len)]);
      }
    }
    f.close();
    for (const form of ['sync', 'async']) {
      const dest = file(`esoft-${form}.h5`);
      const s = File.open(p, 'r');
      const d = File.open(dest, 'w');
      for (const [top] of cases) {
        if (form === 'sync') s.copy(top, d, top, { expandSoft: true });
        else await s.copyAsync(top, d, top, { expandSoft: true });
      }
      d.close();
      s.close();
      const r = py(
        `
f = h5py.File(sys.argv[1], 'r')
out = []
for top, name in json.loads(sys.argv[2]):
    l = f[top].get(name, getlink=True)
    o = f[top][name]
    out.append([type(l).__name__, list(o[()]) if isinstance(o, h5py.Dataset) else sorted(o.keys())])
print(json.dumps(out))`,
        dest,
        JSON.stringify(cases),
      );
      const expected = cases.map(([top]) => {
        const k = Number(top.split('_')[1]);
        return ['HardLink', [[1, 2], ['b'], [3], [9]][k]];
      });
      expect([form, r]).toEqual([form, expected]);
    }
  });

  test('expandSoft: a target copied anyway is linked, not copied again; links up the tree reach the copy; a dangling link fails before writing', () => {
    const p = file('esoft-shape-src.h5');
    const f = File.open(p, 'w');
    f.createDataset('outside', { data: [5] });
    const top = f.createGroup('top');
    top.createGroup('sub').createDataset('v', { data: [1, 2] });
    top.createSoftLink('in', '/top/sub/v'); // inside the copied tree
    top.createSoftLink('up', '/top'); // the copy's root
    top.createSoftLink('out1', '/outside'); // outside: copied once
    top.createSoftLink('out2', '/outside'); // and linked to that copy
    f.createGroup('bad').createSoftLink('nowhere', '/no/such/thing');
    f.close();
    const dest = file('esoft-shape-dst.h5');
    const s = File.open(p, 'r');
    const d = File.open(dest, 'w');
    try {
      s.copy('top', d, 'copy', { expandSoft: true });
      const e = thrown(() => s.copy('bad', d, 'bad', { expandSoft: true }));
      expect(e).toBeInstanceOf(Hdf5Error);
      expect(e.code).toBe(ErrorCodes.BROKEN_LINK);
      expect(e.message).toContain("soft link '/bad/nowhere'");
      expect(e.message).toContain('/no/such/thing');
      expect(d.has('bad')).toBe(false);
    } finally {
      d.close();
      s.close();
    }
    expect(py(
      `
f = h5py.File(sys.argv[1], 'r')
c = f['copy']
print(json.dumps([sorted(f.keys()), [type(c.get(k, getlink=True)).__name__ for k in sorted(c.keys())],
                  c['in'] == c['sub/v'], c['up'] == c, c['out1'] == c['out2'], list(c['out1'][()])]))`,
      dest,
    )).toEqual([['copy'], ['HardLink', 'HardLink', 'HardLink', 'HardLink', 'HardLink'], true, true, true, [5]]);
  });

  test('copyFile with expandSoft: a soft link to the root becomes a hard link to the new root', async () => {
    const p = file('esoft-root-src.h5');
    const f = File.open(p, 'w');
    f.createDataset('b', { data: [1, 2] });
    f.createGroup('g').createSoftLink('up', '/');
    f.createSoftLink('s', '/b');
    f.close();
    const dest = file('esoft-root-dst.h5');
    await copyFile(p, dest, { expandSoft: true, verify: true });
    expect(py(
      `
f = h5py.File(sys.argv[1], 'r')
print(json.dumps([sorted(f.keys()), f['g/up'] == f, f['s'] == f['b'], type(f.get('s', getlink=True)).__name__]))`,
      dest,
    )).toEqual([['b', 'g', 's'], true, true, 'HardLink']);
  });

  test('the default destination name is the source’s base name; the source may be an object', () => {
    const p = file('names.h5');
    const s = File.open(src, 'r');
    const d = File.open(p, 'w');
    try {
      s.copy('g/sub', d);
      const sub = s.getGroup('g/sub');
      d.createGroup('into');
      s.copy(sub, d.getGroup('into'));
      s.copy(s.getDataset('g/d'), d, 'renamed');
      sub.close();
      expect(d.keys()).toEqual(['into', 'renamed', 'sub']);
      expect(d.getGroup('into').keys()).toEqual(['sub']);
      expect(Array.from(d.getDataset('sub/dd').read().data as Int32Array)).toEqual([4, 5]);
      expect(d.getDataset('renamed').attrs.get('da')).toBe('x');
    } finally {
      d.close();
      s.close();
    }
    expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps([f['sub/dd'][:].tolist(), f['into/sub'].attrs['sa'].item()]))`, p)).toEqual([[4, 5], 2]);
  });

  test('a source reached through a chain of external links back into its own file copies (it crashed libhdf5 when resolved by name)', async () => {
    // a.h5:/via -> b.h5:/hop -> a.h5:/data/g; the copy goes from a.h5 into b.h5, both open here.
    const pa = file('chain-a.h5');
    const pb = file('chain-b.h5');
    const a = File.open(pa, 'w');
    const b = File.open(pb, 'w');
    try {
      a.createGroup('data/g').createDataset('d', { dtype: 'int32', shape: [3], data: Int32Array.of(7, 8, 9) });
      b.createExternalLink('hop', pa, '/data/g');
      a.createExternalLink('via', pb, '/hop');
      a.copy('via', b, 'copied');
      await a.copyAsync('via', b, 'copiedAsync');
      expect(b.keys()).toEqual(['copied', 'copiedAsync', 'hop']);
      expect(Array.from(b.getDataset('copiedAsync/d').read().data as Int32Array)).toEqual([7, 8, 9]);
    } finally {
      a.close();
      b.close();
    }
    expect(py(`f = h5py.File(sys.argv[1], 'r')
print(json.dumps([f['copied/d'][()].tolist(), f['copiedAsync/d'][()].tolist(), type(f.get('copied', getlink=True)).__name__]))`, pb)).toEqual([[7, 8, 9], [7, 8, 9], 'HardLink']);
  });

  test('a taken name, a missing source and a read-only destination are errors that change nothing', () => {
    const p = file('errors.h5');
    const s = File.open(src, 'r');
    const d = File.open(p, 'w');
    try {
      d.createDataset('taken', { data: [0] });
      const taken = thrown(() => s.copy('g/d', d, 'taken'));
      expect(taken.code).toBe(ErrorCodes.EXISTS);
      expect(taken.message).toContain('taken');
      const missing = thrown(() => s.copy('g/nothing', d, 'x'));
      expect(missing).toBeInstanceOf(Hdf5Error);
      expect(missing.code).toBe(ErrorCodes.NOT_FOUND);
      // into a read-only file: an error (libhdf5 1.10's H5Ocopy would crash the process)
      const ro = thrown(() => s.copy('g/d', s, 'again'));
      expect(ro.code).toBe(ErrorCodes.READ_ONLY);
      expect(ro.message).toMatch(/read-only/);
      const roPath = file('read-only-dest.h5');
      File.open(roPath, 'w').close();
      const roDest = File.open(roPath, 'r');
      try {
        expect(thrown(() => d.copy('taken', roDest, 'again')).code).toBe(ErrorCodes.READ_ONLY);
      } finally {
        roDest.close();
      }
      expect(() => s.copy('g/d', d, 'x', { deep: true } as never)).toThrow(TypeError);
      expect(() => s.copy('g/d', 42 as never)).toThrow(TypeError);
      expect(d.keys()).toEqual(['taken']);
      expect(s.keys()).toEqual(['g', 'other']);
    } finally {
      d.close();
      s.close();
    }
  });

  test('copyAsync gives what copy gives, and counts as a pending operation', async () => {
    const a = file('async.h5');
    const b = file('sync.h5');
    const opts: CopyOptions = { expandExternal: true, expandRefs: true };
    const s = File.open(src, 'r');
    const da = File.open(a, 'w');
    const db = File.open(b, 'w');
    try {
      const pending = s.copyAsync('g', da, 'copied', opts);
      expect(s.pendingOperations).toBe(1);
      await pending;
      expect(s.pendingOperations).toBe(0);
      s.copy('g', db, 'copied', opts);
      const e = await rejected(s.copyAsync('g', da, 'copied', opts));
      expect(e.code).toBe(ErrorCodes.EXISTS);
      const missing = await rejected(s.copyAsync('nothing', da, 'x'));
      expect(missing.code).toBe(ErrorCodes.NOT_FOUND);
      // into a read-only file (libhdf5 1.10's H5Ocopy would crash the process)
      expect((await rejected(s.copyAsync('g/d', s, 'again'))).code).toBe(ErrorCodes.READ_ONLY);
    } finally {
      da.close();
      db.close();
      s.close();
    }
    expect(describeGroup(a, '/copied')).toEqual(describeGroup(b, '/copied'));
  });
});

describe('copyFile: one self-contained file from nested external links', () => {
  // root/a.h5 --(sub/b.h5)--> root/sub/b.h5 --(deeper/c.h5)--> root/sub/deeper/c.h5
  let root: string;
  let a: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(dir, 'nested-'));
    fs.mkdirSync(path.join(root, 'sub', 'deeper'), { recursive: true });
    const c = File.open(path.join(root, 'sub', 'deeper', 'c.h5'), 'w');
    const x = c.createDataset('x', { data: new Float32Array([0.5, 1.5, 2.5]) });
    x.attrs.set('unit', 'mV');
    x.close();
    c.close();
    const b = File.open(path.join(root, 'sub', 'b.h5'), 'w');
    const ts = b.createGroup('ts');
    ts.attrs.set('neurodata_type', 'TimeSeries');
    const data = ts.createDataset('data', { data: Int16Array.from({ length: 100 }, (_, i) => i - 50), chunks: [10], compression: 'gzip' });
    // a reference to an object of b.h5 outside the linked group
    const lone = b.createDataset('lone', { data: [11, 12] });
    ts.createDataset('refs', { data: [data.ref(), ts.ref(), lone.ref()] });
    lone.close();
    data.close();
    ts.createExternalLink('deep', 'deeper/c.h5', '/x');
    // soft links of b.h5: an absolute one into the linked group, and a relative one
    ts.createSoftLink('alias', '/ts/data');
    ts.createSoftLink('relalias', 'data');
    ts.close();
    b.close();
    a = path.join(root, 'a.h5');
    const f = File.open(a, 'w');
    const spec = f.createGroup('specifications');
    spec.createDataset('core', { data: ['{"namespace": "core"}'] }).close();
    f.attrs.set('.specloc', spec.ref());
    f.attrs.set('nwb_version', '2.7.0');
    spec.close();
    const local = f.createDataset('local', { data: [1, 2, 3, 4] });
    f.createSoftLink('soft', '/local');
    f.createGroup('acquisition').createExternalLink('ts', 'sub/b.h5', '/ts');
    f.createExternalLink('direct', 'sub/deeper/c.h5', '/x');
    f.createDataset('refs', { data: [local.ref(), f.getGroup('specifications').ref()] });
    local.close();
    f.close();
  });

  test('the copy has no external links, the same values, soft links, and references that resolve to the copies', async () => {
    const dest = file('flat.h5');
    const phases: CopyProgress['phase'][] = [];
    // run from another cwd: relative link names are the files' business, not the cwd's
    const before = process.cwd();
    process.chdir(dir);
    let result: CopyProgress;
    try {
      result = await copyFile(a, dest, { expandExternal: true, verify: true, onProgress: (p) => void phases.push(p.phase) });
    } finally {
      process.chdir(before);
    }
    expect(result.phase).toBe('done');
    expect(phases[phases.length - 1]).toBe('done');
    expect(phases).toContain('done');
    expect(result.bytesWritten).toBe(fs.statSync(dest).size);
    const r = py(
      `${DESCRIBE}
f = h5py.File(sys.argv[1], 'r')
kinds = {}
def walk(g, prefix):
    for k in g.keys():
        l = g.get(k, getlink=True)
        kinds[prefix + k] = type(l).__name__
        if isinstance(l, h5py.HardLink) and isinstance(g[k], h5py.Group):
            walk(g[k], prefix + k + '/')
walk(f, '')
print(json.dumps({'kinds': kinds, 'tree': describe(f, f), 'rootattrs': {a: describe_attr(f, f.attrs[a]) for a in f.attrs}}))`,
      dest,
    );
    expect(Object.values(r.kinds)).not.toContain('ExternalLink');
    // the object referenced from outside the copied tree is kept (HDF5 names it ~obj_pointed_by_<address>),
    // and nothing else is left at the root
    const extra = Object.keys(r.kinds).filter((k) => k.startsWith('~obj_pointed_by_'));
    expect(extra).toHaveLength(1);
    expect(r.tree[extra[0]].values).toEqual([11, 12]);
    delete r.kinds[extra[0]];
    expect(r.kinds).toEqual({
      acquisition: 'HardLink',
      'acquisition/ts': 'HardLink',
      'acquisition/ts/alias': 'SoftLink',
      'acquisition/ts/data': 'HardLink',
      'acquisition/ts/deep': 'HardLink',
      'acquisition/ts/relalias': 'SoftLink',
      'acquisition/ts/refs': 'HardLink',
      direct: 'HardLink',
      local: 'HardLink',
      refs: 'HardLink',
      soft: 'SoftLink',
      specifications: 'HardLink',
      'specifications/core': 'HardLink',
    });
    const t = r.tree;
    expect(t.soft).toEqual({ link: 'soft', path: '/local' });
    expect(t.local.values).toEqual([1, 2, 3, 4]);
    // b.h5's absolute soft link follows its target to the new place; the relative one needs nothing
    expect(t['acquisition/ts/alias']).toEqual({ link: 'soft', path: '/acquisition/ts/data' });
    expect(t['acquisition/ts/relalias']).toEqual({ link: 'soft', path: 'data' });
    expect(t['acquisition/ts/data'].values).toEqual(Array.from({ length: 100 }, (_, i) => i - 50));
    expect(t['acquisition/ts'].attrs).toEqual({ neurodata_type: 'TimeSeries' });
    expect(t['acquisition/ts/deep']).toEqual({ link: 'hard', kind: 'dataset', attrs: { unit: 'mV' }, values: [0.5, 1.5, 2.5] });
    expect(t.direct.values).toEqual([0.5, 1.5, 2.5]);
    expect(t.refs.refs).toEqual([
      { names: ['/local'], kind: 'dataset', values: [1, 2, 3, 4] },
      { names: ['/specifications'], kind: 'group' },
    ]);
    // references inside the formerly external file point at its copies
    expect(t['acquisition/ts/refs'].refs.map((x: any) => x.names)).toEqual([['/acquisition/ts/data'], ['/acquisition/ts'], ['/' + extra[0]]]);
    expect(t['acquisition/ts/refs'].refs[2].values).toEqual([11, 12]);
    expect(r.rootattrs).toEqual({ '.specloc': { ref: { names: ['/specifications'], kind: 'group' } }, nwb_version: '2.7.0' });
    // and h5nwb reads the same
    const f = File.open(dest, 'r');
    try {
      const spec = f.deref(f.attrs.get('.specloc') as any);
      expect(spec.name).toBe('/specifications');
      expect(Array.from(f.getDataset('soft').read().data as Float64Array)).toEqual([1, 2, 3, 4]);
      f.visit((name, link) => {
        expect([name, link.type]).not.toEqual([name, 'external']);
        return undefined;
      });
    } finally {
      f.close();
    }
  });

  test('copyFileSync gives the same tree', () => {
    const asyncDest = file('flat-for-sync.h5');
    const syncDest = file('flat-sync.h5');
    return copyFile(a, asyncDest).then(() => {
      const res = copyFileSync(a, syncDest, { verify: true });
      expect(res.phase).toBe('done');
      expect(describeGroup(syncDest, '/')).toEqual(describeGroup(asyncDest, '/'));
    });
  });

  test('expandSoft: true copies the soft links’ targets, resolved in the file that held them', async () => {
    const dest = file('flat-expanded-soft.h5');
    await copyFile(a, dest, { expandSoft: true, verify: true });
    const t = describeGroup(dest, '/');
    const ramp = Array.from({ length: 100 }, (_, i) => i - 50);
    expect(t.soft).toMatchObject({ link: 'hard', kind: 'dataset', values: [1, 2, 3, 4] });
    expect(t['acquisition/ts/alias']).toMatchObject({ link: 'hard', kind: 'dataset', values: ramp });
    expect(t['acquisition/ts/relalias']).toMatchObject({ link: 'hard', kind: 'dataset', values: ramp });
    expect(Object.values(t).map((x: any) => x.link)).not.toContain('soft');
  });

  test('verify looks behind external links too', async () => {
    // b2.h5 holds a soft link to an object outside the linked group: it cannot come along
    const b2 = path.join(root, 'sub', 'b2.h5');
    const w = File.open(b2, 'w');
    w.createDataset('lone', { data: [1] });
    const ts = w.createGroup('ts');
    ts.createDataset('data', { data: [2, 3] }).close();
    ts.createSoftLink('outside', '/lone');
    ts.close();
    w.close();
    const top = path.join(root, 'verify-top.h5');
    const f = File.open(top, 'w');
    f.createExternalLink('acq', 'sub/b2.h5', '/ts');
    f.close();
    const dest = file('verify-dest.h5');
    const e = await rejected(copyFile(top, dest, { verify: true }));
    expect(e).toBeInstanceOf(Hdf5Error);
    expect(e.message).toMatch(/verification failed/);
    expect(e.message).toContain("'/acq/outside' is missing from the copy");
    expect(e.message).not.toContain('/acq/data');
    // without verify the copy goes through, and the soft link dangles
    await copyFile(top, dest);
    expect(describeGroup(dest, '/')['acq/outside']).toEqual({ link: 'soft', path: '/lone' });
  });

  test('expandExternal: false keeps the external links', async () => {
    const dest = path.join(root, 'kept.h5');
    await copyFile(a, dest, { expandExternal: false });
    const t = describeGroup(dest, '/');
    expect(t['acquisition/ts']).toEqual({ link: 'external', file: 'sub/b.h5', path: '/ts' });
    expect(t.direct).toEqual({ link: 'external', file: 'sub/deeper/c.h5', path: '/x' });
    expect(t.soft).toEqual({ link: 'soft', path: '/local' });
  });

  test('external links back to the source root become hard links to the new root (both forms)', async () => {
    const a2 = file('selfroot-a.h5');
    const b2 = file('selfroot-b.h5');
    const fa = File.open(a2, 'w');
    fa.createDataset('d', { data: [1, 2, 3] });
    fa.attrs.set('k', 5);
    fa.createSoftLink('s', '/d');
    fa.createExternalLink('root', a2, '/');
    fa.createExternalLink('x', b2, '/');
    fa.close();
    const fb = File.open(b2, 'w');
    fb.createDataset('bd', { data: [7] });
    fb.createExternalLink('back', a2, '/');
    fb.close();
    for (const [name, run] of [
      ['async', (d: string) => copyFile(a2, d, { verify: true })],
      ['sync', async (d: string) => copyFileSync(a2, d, { verify: true })],
    ] as const) {
      const dest = file(`selfroot-${name}.h5`);
      await run(dest);
      // h5py: both links are the root itself, which holds its members and attribute; no external link is left
      const r = py(
        `
f = h5py.File(sys.argv[1], 'r')
def kinds(g, prefix):
    out = {}
    for k in g:
        l = g.get(k, getlink=True)
        out[prefix + k] = type(l).__name__
    return out
print(json.dumps([f['root'] == f, f['x/back'] == f, sorted(f['root'].keys()), list(f['root/d'][()]),
                  int(f['x/back'].attrs['k']), list(f['x/bd'][()]), kinds(f, ''), kinds(f['x'], 'x/'),
                  f.get('s', getlink=True).path]))`,
        dest,
      );
      expect([name, r]).toEqual([
        name,
        [true, true, ['d', 'root', 's', 'x'], [1, 2, 3], 5, [7],
          { d: 'HardLink', root: 'HardLink', s: 'SoftLink', x: 'HardLink' }, { 'x/back': 'HardLink', 'x/bd': 'HardLink' }, '/d'],
      ]);
    }
  });

  test('a broken external link fails before anything is written', async () => {
    const broken = path.join(root, 'broken.h5');
    fs.copyFileSync(a, broken);
    const f = File.open(broken, 'r+');
    f.getGroup('acquisition').createExternalLink('gone', 'sub/missing.h5', '/ts');
    f.close();
    const dest = file('never.h5');
    const e = await rejected(copyFile(broken, dest));
    expect(e).toBeInstanceOf(Hdf5Error);
    expect(e.code).toBe(ErrorCodes.BROKEN_LINK);
    expect(e.message).toContain('gone');
    expect(e.message).toContain('sub/missing.h5');
    expect(fs.existsSync(dest)).toBe(false);
    // an existing destination is left as it was
    const existing = file('existing.h5');
    const x = File.open(existing, 'w');
    x.createDataset('keep', { data: [1] });
    x.close();
    const before = fs.readFileSync(existing);
    expect((await rejected(copyFile(broken, existing))).code).toBe(ErrorCodes.BROKEN_LINK);
    expect(fs.readFileSync(existing).equals(before)).toBe(true);
    expect(thrown(() => copyFileSync(broken, dest)).code).toBe(ErrorCodes.BROKEN_LINK);
    expect(fs.existsSync(dest)).toBe(false);
    // a missing object in an existing file is broken too
    const f2 = File.open(broken, 'r+');
    f2.getGroup('acquisition').delete('gone');
    f2.getGroup('acquisition').createExternalLink('noobj', 'sub/b.h5', '/nothing');
    f2.close();
    const e2 = await rejected(copyFile(broken, dest));
    expect(e2.code).toBe(ErrorCodes.BROKEN_LINK);
    expect(e2.message).toContain('noobj');
    expect(e2.message).toContain('/nothing');
    expect(fs.existsSync(dest)).toBe(false);
  });

  test('externalLinks: { root } refuses links that leave the folder, before writing', async () => {
    const dest = file('refused.h5');
    const e = await rejected(copyFile(a, dest, { externalLinks: { root: path.join(root, 'sub', 'deeper') } }));
    expect(e.code).toBe(ErrorCodes.LINK_REFUSED);
    expect(e.message).toContain(path.join(root, 'sub', 'b.h5'));
    expect(fs.existsSync(dest)).toBe(false);
    // the whole tree inside the folder is fine
    const ok = await copyFile(a, dest, { externalLinks: { root } });
    expect(ok.phase).toBe('done');
    // a nested link that leaves the folder: b.h5 -> ../../outside.h5
    const out = file('outside.h5');
    const o = File.open(out, 'w');
    o.createDataset('x', { data: [1] });
    o.close();
    const leaky = path.join(root, 'leaky.h5');
    fs.copyFileSync(a, leaky);
    const bLeak = path.join(root, 'sub', 'b-leak.h5');
    fs.copyFileSync(path.join(root, 'sub', 'b.h5'), bLeak);
    const bl = File.open(bLeak, 'r+');
    bl.getGroup('ts').createExternalLink('leak', path.relative(path.join(root, 'sub'), out), '/x');
    bl.close();
    const lf = File.open(leaky, 'r+');
    lf.getGroup('acquisition').createExternalLink('ts2', 'sub/b-leak.h5', '/ts');
    lf.close();
    const dest2 = file('refused2.h5');
    const e2 = await rejected(copyFile(leaky, dest2, { externalLinks: { root } }));
    expect(e2.code).toBe(ErrorCodes.LINK_REFUSED);
    expect(e2.message).toMatch(/outside/);
    expect(fs.existsSync(dest2)).toBe(false);
  });

  test('argument mistakes', async () => {
    expect(() => copyFileSync(a, a)).toThrow(RangeError);
    await expect(copyFile(a, file('m.h5'), { mode: 'r' as never })).rejects.toThrow(RangeError);
    await expect(copyFile(a, file('m.h5'), { bogus: 1 } as never)).rejects.toThrow(TypeError);
    const exists = file('exists.h5');
    File.open(exists, 'w').close();
    expect((await rejected(copyFile(a, exists, { mode: 'x' }))).code).toBe(ErrorCodes.FILE_EXISTS);
  });
});

// A copy with expandSoft is several H5Ocopy calls; when a later one fails, what the first wrote is removed and the
// failure reported. The failure is injected (H5Ocopy of a planned target does not fail on a sound file).
describe('a failed expandSoft copy leaves nothing behind', () => {
  const { native } = require('../../lib/binding');

  function source(name: string): string {
    const p = file(name);
    const f = File.open(p, 'w');
    f.createDataset('g/target', { data: Float64Array.of(1, 2) });
    f.createGroup('h').createSoftLink('s', '/g/target');
    f.close();
    return p;
  }

  /** native.objCopy whose second call (the soft link's target) fails. */
  function failSecondCopy(): jest.SpyInstance {
    const real = native.objCopy;
    let calls = 0;
    return jest.spyOn(native, 'objCopy').mockImplementation((...args: unknown[]) => {
      if (++calls === 2) throw new Hdf5Error('injected copy failure', { code: ErrorCodes.WRITE_FAILED });
      return real(...args);
    });
  }

  test('the partial copy is removed and the copy\'s own error thrown', () => {
    const p = source('partial-src.h5');
    const f = File.open(p, 'a');
    const spy = failSecondCopy();
    try {
      expect(thrown(() => f.copy('h', f, 'h2', { expandSoft: true })).message).toBe('injected copy failure');
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
    }
    expect(f.keys()).toEqual(['g', 'h']);
    f.copy('h', f, 'h2', { expandSoft: true }); // the name is free again
    expect(Array.from(f.getDataset('h2/s').read().data as Float64Array)).toEqual([1, 2]);
    f.close();
  });

  test('when the removal fails too, the error says that the partial copy is still there', () => {
    const p = source('partial-stuck.h5');
    const f = File.open(p, 'a');
    const spy = failSecondCopy();
    const realDelete = native.linkDelete;
    const del = jest.spyOn(native, 'linkDelete').mockImplementation((...args: unknown[]) => {
      if (args[1] === 'h2') throw new Error('injected delete failure');
      return realDelete(...args);
    });
    try {
      expect(thrown(() => f.copy('h', f, 'h2', { expandSoft: true })).message).toBe(
        "injected copy failure (the partial copy 'h2' could not be removed: injected delete failure)",
      );
    } finally {
      spy.mockRestore();
      del.mockRestore();
    }
    expect(f.keys()).toEqual(['g', 'h', 'h2']);
    f.close();
  });
});

test('expandSoft refuses a soft link to a group that holds the destination (the copy would contain itself), sync and async', async () => {
  const p = file('esoft-holder.h5');
  const f = File.open(p, 'w');
  f.createDataset('src/data', { data: [1, 2] });
  f.getGroup('src').createSoftLink('up', '/src');
  f.getGroup('src').createSoftLink('toroot', '/');
  f.createGroup('out');
  f.getGroup('src').createSoftLink('toout', '/out');
  for (const [to, link, target] of [['dst', '/src/toroot', '/'], ['out/dst', '/src/toout', '/out']] as const) {
    const msg = `cannot copy with expandSoft to '/${to}' of ${p}: the soft link '${link}' points to '${target}', which holds the destination (the copy would contain itself)`;
    const e = thrown(() => f.copy('src', f, to, { expandSoft: true }));
    expect([e.name, e.message]).toEqual(['RangeError', msg]);
    const e2 = await rejected(f.copyAsync('src', f, to, { expandSoft: true }));
    expect([e2.name, e2.message]).toEqual(['RangeError', msg]);
  }
  expect([f.has('dst'), f.getGroup('out').keys()]).toEqual([false, []]);
  // into another file nothing holds the destination: '/' is copied whole, and its soft links below expanded
  const q = file('esoft-holder-out.h5');
  const g = File.open(q, 'w');
  f.copy('src', g, 'dst', { expandSoft: true });
  const soft: string[] = [];
  g.visit((n, l) => {
    if (l.type !== 'hard') soft.push(n);
  });
  expect(soft).toEqual([]);
  expect(Array.from(g.getDataset('dst/toroot/src/data').read().data as Float64Array)).toEqual([1, 2]);
  g.close();
  f.close();
  expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps(f['dst/toroot/src/data'][()].tolist()))`, q)).toEqual([1, 2]);
});
