import { buildInfo, File, libraryInfo } from '../../lib';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { sourceHash } = require('../../scripts/source-hash') as { sourceHash: () => string };
import { py, tmpDir } from '../helpers';

const { file } = tmpDir('smoke');

test('the addon loads and reports its HDF5', () => {
  const info = libraryInfo();
  expect(info.hdf5Version).toMatch(/^1\.(10|12|14)\.\d+$/);
  expect(info.threadsafe).toBe(true);
});

test('buildInfo() says how the loaded addon was built, and it was built from the current sources', () => {
  const b = buildInfo();
  expect(b.hdf5Version).toBe(libraryInfo().hdf5Version);
  expect(['bundled', 'system']).toContain(b.hdf5Linkage);
  expect(b.napiVersion).toBe(8);
  expect(b.addon).toMatch(/\.node$/);
  // npm test rebuilds a stale build first; the prebuild has its own check in test/packaging.
  expect(b.sourceHash).toBe(sourceHash());
});

test('a chunked append round-trips through h5py', () => {
  const p = file('smoke.h5');
  const f = File.open(p, 'w');
  const d = f.createDataset('data', { dtype: 'int16', shape: [0, 3], maxshape: [null, 3], chunks: [16, 3] });
  d.append(new Int16Array([1, 2, 3, 4, 5, 6]));
  f.close();
  const r = py(`f = h5py.File(sys.argv[1], 'r'); d = f['data']; print(json.dumps({'v': d[:].tolist(), 'max': list(d.maxshape), 'dt': str(d.dtype)}))`, p);
  expect(r).toEqual({ v: [[1, 2, 3], [4, 5, 6]], max: [null, 3], dt: 'int16' });
});
