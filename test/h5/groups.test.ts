/** Groups: create (with intermediates), get/has/keys (name and creation order), delete, move, visit, require. */
import { Dataset, ErrorCodes, File, Group, Hdf5Error } from '../../lib';
import { py, thrown, tmpDir } from '../helpers';

const { file } = tmpDir('groups');

/** Every path below the root as h5py sees it: 'group' or 'dataset', in h5py's visit order. */
function pyTree(p: string): [string, string][] {
  return py(
    `f = h5py.File(sys.argv[1], 'r')
out = []
f.visititems(lambda n, o: out.append([n, 'group' if isinstance(o, h5py.Group) else 'dataset']))
print(json.dumps(out))`,
    p,
  );
}

test('createGroup makes intermediate groups; h5py sees all of them', () => {
  const p = file('inter.h5');
  const f = File.open(p, 'w');
  const c = f.createGroup('a/b/c');
  expect(c).toBeInstanceOf(Group);
  expect(c.name).toBe('/a/b/c');
  const d = c.createGroup('d/e');
  expect(d.name).toBe('/a/b/c/d/e');
  const abs = d.createGroup('/x/y');
  expect(abs.name).toBe('/x/y');
  f.close();
  expect(pyTree(p)).toEqual([
    ['a', 'group'], ['a/b', 'group'], ['a/b/c', 'group'], ['a/b/c/d', 'group'], ['a/b/c/d/e', 'group'],
    ['x', 'group'], ['x/y', 'group'],
  ]);
});

test('createGroup on a taken name: ERR_H5_EXISTS; unknown options and flags that are not booleans: TypeError', () => {
  const p = file('taken.h5');
  const f = File.open(p, 'w');
  f.createGroup('g');
  f.createDataset('d', { data: [1] });
  for (const name of ['g', 'd', '/g']) {
    const e = thrown(() => f.createGroup(name));
    expect(e).toBeInstanceOf(Hdf5Error);
    expect(e.code).toBe(ErrorCodes.EXISTS);
    expect(e.file).toBe(p);
  }
  expect(thrown(() => f.createGroup('h', { order: true } as never))).toBeInstanceOf(TypeError);
  expect(thrown(() => f.createGroup(''))).toBeInstanceOf(TypeError);
  // flags are booleans: 'no' would have been taken as true
  const flag = thrown(() => f.createGroup('h', { trackOrder: 'no' } as never));
  expect([flag.name, flag.message]).toEqual(['TypeError', "createGroup('h'): trackOrder must be true or false; got 'no'"]);
  for (const k of ['shuffle', 'fletcher32', 'trackTimes', 'trackOrder']) {
    const e = thrown(() => f.createDataset('x', { data: [1, 2], chunks: true, [k]: 'false' } as never));
    expect([e.name, e.message]).toEqual(['TypeError', `createDataset('x'): ${k} must be true or false; got 'false'`]);
  }
  f.close();
  expect(pyTree(p)).toEqual([['d', 'dataset'], ['g', 'group']]);
});

test('get returns Group, Dataset or undefined for what h5py wrote; has agrees', () => {
  const p = file('get.h5');
  py(
    `f = h5py.File(sys.argv[1], 'w')
f.create_group('g/sub')
f['g/data'] = np.arange(4)
f['top'] = 1.5
print(1)`,
    p,
  );
  const f = File.open(p, 'r');
  const g = f.get('g');
  expect(g).toBeInstanceOf(Group);
  expect(g!.name).toBe('/g');
  const sub = f.get('g/sub');
  expect(sub).toBeInstanceOf(Group);
  const data = f.get('g/data');
  expect(data).toBeInstanceOf(Dataset);
  expect(data!.name).toBe('/g/data');
  expect((g as Group).get('data')).toBeInstanceOf(Dataset);
  expect((g as Group).get('/top')).toBeInstanceOf(Dataset);
  expect(f.get('nope')).toBeUndefined();
  expect(f.get('g/nope')).toBeUndefined();
  expect(f.get('nope/deeper')).toBeUndefined();
  expect(f.get('/')).toBeInstanceOf(Group);

  expect(f.has('g')).toBe(true);
  expect(f.has('g/sub')).toBe(true);
  expect(f.has('g/data')).toBe(true);
  expect(f.has('/top')).toBe(true);
  expect((sub as Group).has('/g/data')).toBe(true);
  expect(f.has('nope')).toBe(false);
  expect(f.has('g/nope')).toBe(false);
  expect(f.has('nope/deeper')).toBe(false);
  f.close();
});

test('keys are in name order, as h5py lists them', () => {
  const p = file('names.h5');
  const f = File.open(p, 'w');
  const names = ['zeta', 'Alpha', 'mid', 'beta', 'b10', 'b9', 'a'];
  for (const n of names) f.createGroup(`g/${n}`);
  f.createDataset('g/data', { data: [1, 2] });
  const ours = f.getGroup('g').keys();
  expect(ours).toEqual([...names, 'data'].sort());
  f.close();
  expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps(list(f['g'])))`, p)).toEqual(ours);
});

test('trackOrder: true lists in creation order, and h5py sees creation order tracked', () => {
  const p = file('order.h5');
  const f = File.open(p, 'w');
  const t = f.createGroup('t', { trackOrder: true });
  const names = ['zeta', 'alpha', 'mid', 'beta'];
  for (const n of names) t.createGroup(n);
  t.createDataset('data', { data: [1] });
  expect(t.keys()).toEqual([...names, 'data']);
  f.close();
  const r = py(
    `f = h5py.File(sys.argv[1], 'r')
g = f['t']
flags = g.id.get_create_plist().get_link_creation_order()
print(json.dumps({'keys': list(g), 'tracked': bool(flags & h5py.h5p.CRT_ORDER_TRACKED), 'indexed': bool(flags & h5py.h5p.CRT_ORDER_INDEXED)}))`,
    p,
  );
  expect(r).toEqual({ keys: [...names, 'data'], tracked: true, indexed: true });
});

test("File.open(..., { trackOrder: true }) tracks the root group's creation order", () => {
  const p = file('order-root.h5');
  const f = File.open(p, 'w', { trackOrder: true });
  for (const n of ['c', 'a', 'b']) f.createGroup(n);
  expect(f.keys()).toEqual(['c', 'a', 'b']);
  f.close();
  // h5py 3.7 iterates the File object itself by name; its root group f['/'] follows the tracked order.
  const r = py(
    `f = h5py.File(sys.argv[1], 'r')
root = f['/']
print(json.dumps({'keys': list(root), 'flags': root.id.get_create_plist().get_link_creation_order()}))`,
    p,
  );
  expect(r).toEqual({ keys: ['c', 'a', 'b'], flags: 3 }); // CRT_ORDER_TRACKED | CRT_ORDER_INDEXED
});

test('a group h5py made with track_order=True lists in creation order', () => {
  const p = file('order-py.h5');
  py(
    `f = h5py.File(sys.argv[1], 'w')
g = f.create_group('t', track_order=True)
for n in ['zz', 'aa', 'mm']: g.create_group(n)
print(1)`,
    p,
  );
  const f = File.open(p, 'r');
  expect(f.getGroup('t').keys()).toEqual(['zz', 'aa', 'mm']);
  f.close();
});

test('delete removes links (h5py agrees); a missing name is ERR_H5_NOT_FOUND', () => {
  const p = file('delete.h5');
  const f = File.open(p, 'w');
  f.createGroup('keep');
  f.createGroup('gone/inner');
  f.createDataset('keep/data', { data: [1, 2] });
  f.createDataset('dropme', { data: [3] });
  f.delete('gone');
  f.delete('/dropme');
  f.getGroup('keep').delete('data');
  expect(f.keys()).toEqual(['keep']);
  expect(f.has('gone/inner')).toBe(false);
  const e = thrown(() => f.delete('nope'));
  expect(e).toBeInstanceOf(Hdf5Error);
  expect(e.code).toBe(ErrorCodes.NOT_FOUND);
  expect(e.path).toBe('/nope');
  f.close();
  expect(pyTree(p)).toEqual([['keep', 'group']]);
});

test('move renames and relocates links (data kept); a taken destination is ERR_H5_EXISTS', () => {
  const p = file('move.h5');
  const f = File.open(p, 'w');
  f.createDataset('src/data', { data: new Int32Array([4, 5, 6]) });
  f.createGroup('src/grp/leaf');
  f.createGroup('other');
  f.move('src/data', 'renamed');
  f.getGroup('src').move('grp', 'new/place/grp2');
  const e = thrown(() => f.move('renamed', 'other'));
  expect(e).toBeInstanceOf(Hdf5Error);
  expect(e.code).toBe(ErrorCodes.EXISTS);
  const e2 = thrown(() => f.move('missing', 'elsewhere'));
  expect(e2).toBeInstanceOf(Hdf5Error);
  expect(e2.code).toBe(ErrorCodes.NOT_FOUND);
  f.close();
  expect(pyTree(p)).toEqual([
    ['other', 'group'], ['renamed', 'dataset'], ['src', 'group'], ['src/new', 'group'], ['src/new/place', 'group'],
    ['src/new/place/grp2', 'group'], ['src/new/place/grp2/leaf', 'group'],
  ]);
  expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps(f['renamed'][:].tolist()))`, p)).toEqual([4, 5, 6]);
});

describe('visit and visitItems', () => {
  const p = file('visit.h5');
  beforeAll(() => {
    py(
      `f = h5py.File(sys.argv[1], 'w')
f.create_group('b/inner/deep')
f['b/inner/x'] = np.arange(3)
f['a'] = 1.0
f.create_group('c')
f['c/y'] = np.arange(2)
print(1)`,
      p,
    );
  });

  test("visit walks every link, as h5py's visit does", () => {
    const f = File.open(p, 'r');
    const seen: [string, string][] = [];
    const r = f.visit((name, link) => {
      seen.push([name, link.type]);
      return undefined;
    });
    expect(r).toBeUndefined();
    expect(seen.map(([n]) => n)).toEqual(pyTree(p).map(([n]) => n));
    expect(new Set(seen.map(([, t]) => t))).toEqual(new Set(['hard']));
    // From a subgroup, names are relative to it.
    const sub: string[] = [];
    f.getGroup('b').visit((n) => {
      sub.push(n);
    });
    expect(sub).toEqual(['inner', 'inner/deep', 'inner/x']);
    f.close();
  });

  test('visit stops at the first value the callback returns', () => {
    const f = File.open(p, 'r');
    let calls = 0;
    const r = f.visit((name) => {
      calls++;
      return name === 'b/inner' ? `found ${name}` : undefined;
    });
    expect(r).toBe('found b/inner');
    expect(calls).toBe(pyTree(p).findIndex(([n]) => n === 'b/inner') + 1);
    f.close();
  });

  test('visitItems hands over opened objects of the right kind', () => {
    const f = File.open(p, 'r');
    const seen: [string, string][] = [];
    f.visitItems((name, obj) => {
      expect(obj.name).toBe(`/${name}`);
      seen.push([name, obj instanceof Group ? 'group' : obj instanceof Dataset ? 'dataset' : 'other']);
      return undefined;
    });
    expect(seen).toEqual(pyTree(p));
    const hit = f.visitItems((name, obj) => (obj instanceof Dataset ? name : undefined));
    expect(hit).toBe('a');
    f.close();
  });
});

test('requireGroup returns the existing group or creates it with intermediates; a dataset is a TypeError', () => {
  const p = file('require.h5');
  const f = File.open(p, 'w');
  const g = f.createGroup('g');
  g.attrs.set('mark', 1);
  const again = f.requireGroup('g');
  expect(again.equals(g)).toBe(true);
  expect(again.attrs.get('mark')).toBe(1);
  const made = f.requireGroup('h/i/j');
  expect(made.name).toBe('/h/i/j');
  f.createDataset('d', { data: [1] });
  expect(thrown(() => f.requireGroup('d'))).toBeInstanceOf(TypeError);
  f.close();
  expect(pyTree(p)).toEqual([['d', 'dataset'], ['g', 'group'], ['h', 'group'], ['h/i', 'group'], ['h/i/j', 'group']]);
});

test('getGroup / getDataset: ERR_H5_NOT_FOUND when missing, TypeError for the wrong kind', () => {
  const p = file('getters.h5');
  const f = File.open(p, 'w');
  f.createGroup('g');
  f.createDataset('g/d', { data: [1, 2] });
  expect(f.getGroup('g')).toBeInstanceOf(Group);
  expect(f.getDataset('g/d')).toBeInstanceOf(Dataset);
  for (const fn of [() => f.getGroup('missing'), () => f.getDataset('g/missing')]) {
    const e = thrown(fn);
    expect(e).toBeInstanceOf(Hdf5Error);
    expect(e.code).toBe(ErrorCodes.NOT_FOUND);
    expect(e.file).toBe(p);
  }
  expect(thrown(() => f.getGroup('missing')).path).toBe('/missing');
  expect(thrown(() => f.getDataset('g/missing')).path).toBe('/g/missing');
  const wrong1 = thrown(() => f.getGroup('g/d'));
  expect(wrong1).toBeInstanceOf(TypeError);
  expect(wrong1.message).toContain('/g/d');
  const wrong2 = thrown(() => f.getDataset('g'));
  expect(wrong2).toBeInstanceOf(TypeError);
  expect(wrong2.message).toContain('/g');
  f.close();
});

test("paths as HDF5 reads them: '.' and empty components name the group before them, '..' is a link name", () => {
  const p = file('dots.h5');
  const f = File.open(p, 'w');
  const g = f.createGroup('g');
  // HDF5 has no parent links: '..' is created as a group named '..', as h5py does it; names say so.
  const d = g.createDataset('../d/y', { data: [1] });
  expect(d.name).toBe('/g/../d/y');
  expect(f.has('d')).toBe(false);
  for (const [at, path] of [['./../d/./y', '/g/../d/y'], ['../d/.//y/', '/g/../d/y'], ['.', '/g'], ['./..', '/g/..']] as const) {
    expect(g.has(at)).toBe(true);
    expect(g.get(at)!.name).toBe(path);
  }
  expect([f.has('g/./nope'), f.get('nope/.')]).toEqual([false, undefined]);
  g.createSoftLink('s', '../d');
  expect(g.getGroup('s').keys()).toEqual(['y']);
  f.close();
  expect(py(`
f = h5py.File(sys.argv[1], 'r')
print(json.dumps([f['g/../d/y'].name, sorted(f['g']), f['g'].get('./../d/./y')[()].tolist(), sorted(f['g/s'])]))
`, p)).toEqual(['/g/../d/y', ['..', 's'], [1], ['y']]);
});

test('creating or moving below a dataset or a named datatype says which object on the way is not a group', () => {
  const f = File.open(file('not-a-group.h5'), 'w');
  f.createDataset('d', { data: [1, 2] });
  f.commitDatatype('t', 'int32');
  f.createGroup('g');
  const cases: [string, () => unknown, string][] = [
    ['group', () => f.createGroup('d/x'), "cannot create group '/d/x': '/d' is a dataset, not a group"],
    ['dataset', () => f.getGroup('g').createDataset('/d/y/z', { data: [1] }), "cannot create dataset '/d/y/z': '/d' is a dataset, not a group"],
    ['datatype', () => f.commitDatatype('t/u', 'int8'), "cannot create datatype '/t/u': '/t' is a datatype, not a group"],
    ['soft link below a dataset', () => f.createSoftLink('d/s', '/g'), "cannot create soft link '/d/s': '/d' is a dataset, not a group"],
    ['external link', () => f.createExternalLink('t/e', 'x.h5', '/'), "cannot create external link '/t/e': '/t' is a datatype, not a group"],
    ['hard link', () => f.createHardLink('d/h', '/g'), "cannot create hard link '/d/h': '/d' is a dataset, not a group"],
    ['move', () => f.move('g', 'd/g'), "cannot move '/g' to '/d/g': '/d' is a dataset, not a group"],
  ];
  for (const [, make, message] of cases) {
    const e = thrown(make);
    expect(e).toBeInstanceOf(Hdf5Error);
    expect([e.message.split(' (file ')[0], e.path]).toEqual([message, message.match(/: '([^']+)' is a/)![1]]);
  }
  expect(f.keys()).toEqual(['d', 'g', 't']);
  f.close();
});
