/**
 * copyFile on the PyNWB external-link fixtures: the flattened file matches what PyNWB's own export wrote
 * (exported_single.nwb), as h5py reads both; links into the fixtures are followed and policed.
 */
import * as path from 'path';
import { copyFile, ErrorCodes, File } from '../../lib';
import { copyFixtures, py, thrown, tmpDir } from '../helpers';

const { dir, file } = tmpDir('copyfile-nwb');
let fixtures: string;
beforeAll(() => {
  fixtures = copyFixtures(dir);
});

/** h5py: every link below `group` (kind, and for hard links attrs and a digest of the values). */
const WALK = `
def val(v):
    if isinstance(v, bytes): return v.decode()
    if isinstance(v, h5py.Reference): return 'ref:' + (f[v].name or '?')
    if isinstance(v, np.ndarray): return [val(x) for x in v.tolist()] if v.dtype.kind == 'O' else v.tolist()
    if isinstance(v, np.generic): return v.item()
    return v
def walk(g, prefix, out):
    for k in g.keys():
        l = g.get(k, getlink=True)
        name = prefix + k
        if not isinstance(l, h5py.HardLink):
            out[name] = {'link': type(l).__name__}
            continue
        o = g[k]
        d = {'attrs': {a: val(o.attrs[a]) for a in sorted(o.attrs)}}
        if isinstance(o, h5py.Dataset):
            x = o[()]
            d['shape'] = list(o.shape); d['dtype'] = str(o.dtype)
            d['sum'] = float(np.sum(x)) if o.dtype.kind in 'iuf' else None
        out[name] = d
        if isinstance(o, h5py.Group): walk(o, name + '/', out)
    return out
`;

function tree(p: string, group: string): Record<string, any> {
  return py(`${WALK}\nf = h5py.File(sys.argv[1], 'r')\nprint(json.dumps(walk(f[sys.argv[2]], '', {})))`, p, group);
}

test('ext_link_container.nwb flattened equals PyNWB’s export (exported_single.nwb)', async () => {
  const dest = file('flat-container.nwb');
  const done = await copyFile(path.join(fixtures, 'ext_link_container.nwb'), dest, { verify: true });
  expect(done.phase).toBe('done');
  const mine = tree(dest, '/acquisition');
  const theirs = tree(path.join(fixtures, 'exported_single.nwb'), '/acquisition');
  expect(Object.values(mine).map((x) => x.link)).not.toContain('ExternalLink');
  expect(mine).toEqual(theirs);
  expect(mine['test_timeseries1/data'].sum).toBe(499500);
  expect(mine['test_timeseries2/data'].sum).toBe(999000);
  const r = py(
    `f = h5py.File(sys.argv[1], 'r'); print(json.dumps([f[f.attrs['.specloc']].name, f['identifier'][()].decode(), f.attrs['object_id']]))`,
    dest,
  );
  expect(r).toEqual(['/specifications', 'fixture-ext-link-container', '3f88cc2d-7c01-490d-914d-0fa10c1d3a2d']);
});

test('ext_link_dataset.nwb: the linked dataset becomes a real one with the target’s attributes', async () => {
  const dest = file('flat-dataset.nwb');
  await copyFile(path.join(fixtures, 'ext_link_dataset.nwb'), dest, { verify: true });
  const mine = tree(dest, '/acquisition/linked_data_ts');
  const source = tree(path.join(fixtures, 'ext_source_1.nwb'), '/acquisition/test_timeseries1');
  expect(mine.data).toEqual(source.data);
  expect(mine.data).toMatchObject({ shape: [100, 10], dtype: 'int64', sum: 499500 });
  expect(mine.timestamps.sum).toBeCloseTo(49.5, 9);
});

test('the fixtures’ links under the externalLinks policies', () => {
  const p = path.join(fixtures, 'ext_link_container.nwb');
  const inside = File.open(p, 'r', { externalLinks: { root: fixtures } });
  try {
    const d = inside.getDataset('acquisition/test_timeseries1/data');
    expect(d.shape).toEqual([100, 10]);
    expect(inside.getLink('acquisition/test_timeseries2')).toEqual({ type: 'external', file: 'ext_source_2.nwb', path: '/acquisition/test_timeseries2' });
  } finally {
    inside.close();
  }
  const denied = File.open(p, 'r', { externalLinks: 'deny' });
  try {
    expect(thrown(() => denied.get('acquisition/test_timeseries1')).code).toBe(ErrorCodes.LINK_REFUSED);
    expect(denied.getDataset('identifier').readValue()).toBe('fixture-ext-link-container');
  } finally {
    denied.close();
  }
});
