/**
 * The NWB tutorial (examples/tutorial.ts, `npm run demo [dir]`): run as the demo runs it (compiled by
 * scripts/run-example.js, in a child process, importing the package through its own name), and as a module
 * whose result is checked; every file it writes is judged by h5py.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildDist, h5Links, py, runNode, tmpDir } from '../helpers';

const root = path.resolve(__dirname, '..', '..');
const { dir } = tmpDir('tutorial');
const demoDir = path.join(dir, 'demo');
const modDir = path.join(dir, 'module');
const MiB = 1048576;

let demo: { status: number | null; stdout: string; stderr: string };

/** Runs scripts/run-example.js (compiles examples/ into examples/dist, runs one) serialised across test runs. */
function runExample(args: string[]): { status: number | null; stdout: string; stderr: string } {
  buildDist();
  const lock = path.join(os.tmpdir(), 'h5nwb-examples.lock');
  const r = spawnSync('flock', [lock, process.execPath, path.join(root, 'scripts', 'run-example.js'), ...args], {
    cwd: root, encoding: 'utf8', timeout: 120000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  demo = runExample(['tutorial', demoDir]);
});

const links = h5Links;

test('npm run demo: the package script runs the tutorial through scripts/run-example.js', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  expect(pkg.scripts.demo).toMatch(/scripts\/build-ts\.js && node scripts\/run-example\.js tutorial$/);
  expect(fs.existsSync(path.join(root, 'examples', 'h5-demo.js'))).toBe(true);
  expect(demo.stderr).toBe('');
  expect(demo.status).toBe(0);
});

test('the printed output names each step, the files, the links and the write throughput', () => {
  const out = demo.stdout;
  for (const step of ['== 1. two acquisition streams', '== 2. session.nwb', '== 3. aligned.nwb', '== 4. derived.nwb', '== 5. shared.nwb', '== 6. family_%d.nwb'])
    expect(out).toContain(step);
  expect(out).toContain(`writing into ${demoDir}`);
  expect(out).toMatch(/raw_ephys\.nwb: TimeSeries, 32 ch int16 .* 60 blocks \(180000 rows\) .*= \d+(\.\d)? MB\/s/);
  expect(out).toMatch(/raw_behavior\.nwb: .*async iterables via writeAsync: .* MB\/s/);
  expect(out).toMatch(/write throughput, both streams together: 13\.03 MB in \d+\.\d+ s = \d+(\.\d)? MB\/s/);
  expect(out).toContain('/acquisition/ephys/data  int16 [180000, 32] maxshape [None, 32] chunks [3000, 32]');
  expect(out).toContain('/acquisition/wheel_speed/data  float32 [6000] maxshape [None] chunks [1000] gzip');
  expect(out).toContain('/acquisition/ephys  -> external link to raw_ephys.nwb:/acquisition/ephys');
  expect(out).toContain('/acquisition/wheel_speed/data  -> external link to raw_behavior.nwb:/acquisition/wheel_speed/data');
  expect(out).toContain('/processing/behavior/wheel_acceleration/timestamps  -> soft link to /acquisition/wheel_speed/timestamps');
  expect(out).toContain('/general/subject  -> external link to session.nwb:/general/subject');
  expect(out).toContain('ok     session.nwb:/acquisition/ephys -> raw_ephys.nwb:/acquisition/ephys');
  expect(out).not.toContain('BROKEN');
  expect(out).toMatch(/copyFile: \d+ objects, [\d.]+ MB written, progress phases scan -> .*done/);
  expect(out).toContain('read back: ephys64 data [60000, 64], last row matches what was appended');
  expect(out).toContain('/acquisition/ephys64/data  int16 [60000, 64] maxshape [None, 64] chunks [3000, 64]');
  expect(out.match(/no external links/g)).toHaveLength(2); // shared.nwb and exported.nwb
  expect(out.trim().split('\n').pop()).toBe(`done: 8 files in ${demoDir}`);
});

test('session.nwb links both streams as whole containers, with relative file names', () => {
  const l = links(path.join(demoDir, 'session.nwb'));
  expect(l['/acquisition/ephys']).toEqual(['external', 'raw_ephys.nwb', '/acquisition/ephys']);
  expect(l['/acquisition/wheel_speed']).toEqual(['external', 'raw_behavior.nwb', '/acquisition/wheel_speed']);
  expect(Object.values(l).filter(([k]) => k === 'external')).toHaveLength(2);
  const v = py(`
f = h5py.File(sys.argv[1], 'r')
e = f['acquisition/ephys']
print(json.dumps([list(e['data'].shape), str(e['data'].dtype), e.attrs['neurodata_type'], e['data'].file.filename.split('/')[-1],
  list(f['acquisition/wheel_speed/timestamps'].shape)]))
`, path.join(demoDir, 'session.nwb'));
  expect(v).toEqual([[180000, 32], 'int16', 'TimeSeries', 'raw_ephys.nwb', [6000]]);
});

test('aligned.nwb: data linked as a dataset, timestamps written here with the offset, shared by a soft link, sync kept', () => {
  const p = path.join(demoDir, 'aligned.nwb');
  const l = links(p);
  expect(l['/acquisition/wheel_speed']).toEqual(['hard', null, null]);
  expect(l['/acquisition/wheel_speed/data']).toEqual(['external', 'raw_behavior.nwb', '/acquisition/wheel_speed/data']);
  expect(l['/acquisition/wheel_speed/timestamps']).toEqual(['hard', null, null]);
  expect(l['/acquisition/wheel_speed/sync']).toEqual(['hard', null, null]);
  expect(l['/acquisition/wheel_speed/sync/hardware_timestamps']).toEqual(['external', 'raw_behavior.nwb', '/acquisition/wheel_speed/timestamps']);
  expect(l['/processing/behavior/wheel_acceleration/timestamps']).toEqual(['soft', null, '/acquisition/wheel_speed/timestamps']);
  const v = py(`
a = h5py.File(sys.argv[1], 'r'); raw = h5py.File(sys.argv[2], 'r')
t = a['acquisition/wheel_speed/timestamps'][()]; hw = raw['acquisition/wheel_speed/timestamps'][()]
acc = a['processing/behavior/wheel_acceleration']
print(json.dumps({
  'offset': float(np.mean(t - hw)), 'exact': bool(np.allclose(t, hw - 2.5)), 'first': float(t[0]), 'last': float(t[-1]),
  'sync': bool(np.array_equal(a['acquisition/wheel_speed/sync/hardware_timestamps'][()], hw)),
  'data': bool(np.array_equal(a['acquisition/wheel_speed/data'][()], raw['acquisition/wheel_speed/data'][()])),
  'shared': bool(np.array_equal(acc['timestamps'][()], t)), 'acc_len': int(acc['data'].shape[0]),
}))
`, p, path.join(demoDir, 'raw_behavior.nwb'));
  expect(v).toEqual({ offset: expect.any(Number), exact: true, first: 0, last: expect.any(Number), sync: true, data: true, shared: true, acc_len: 6000 });
  expect(v.offset).toBeCloseTo(-2.5, 9);
  expect(v.last).toBeCloseTo(5.999, 9);
});

test('derived.nwb: the shallow copy links into the stream and session files; the new processing module is its own', () => {
  const p = path.join(demoDir, 'derived.nwb');
  const l = links(p);
  expect(l['/acquisition/ephys']).toEqual(['external', 'raw_ephys.nwb', '/acquisition/ephys']);
  expect(l['/acquisition/wheel_speed']).toEqual(['external', 'raw_behavior.nwb', '/acquisition/wheel_speed']);
  expect(l['/general/subject']).toEqual(['external', 'session.nwb', '/general/subject']);
  expect(l['/processing/behavior']).toEqual(['hard', null, null]);
  expect(l['/processing/behavior/wheel_speed_100Hz/data']).toEqual(['hard', null, null]);
  const v = py(`
f = h5py.File(sys.argv[1], 'r')
raw = f['acquisition/wheel_speed/data'][()]
d = f['processing/behavior/wheel_speed_100Hz']
print(json.dumps([f['identifier'][()].decode(), bool(np.allclose(d['data'][()], raw.reshape(-1, 10).mean(axis=1), rtol=1e-5)),
  float(d['starting_time'].attrs['rate']), f['general/subject/subject_id'][()].decode()]))
`, p);
  expect(v).toEqual(['session-0001', true, 100, 'mouse-42']);
});

test('shared.nwb and exported.nwb are self-contained, with the streams\' values', () => {
  const check = (name: string) => {
    const p = path.join(demoDir, name);
    expect(Object.entries(links(p)).filter(([, [k]]) => k === 'external')).toEqual([]);
    return py(`
f = h5py.File(sys.argv[1], 'r'); e = h5py.File(sys.argv[2], 'r'); b = h5py.File(sys.argv[3], 'r')
print(json.dumps([
  bool(np.array_equal(f['acquisition/ephys/data'][()], e['acquisition/ephys/data'][()])),
  bool(np.array_equal(f['acquisition/ephys/timestamps'][()], e['acquisition/ephys/timestamps'][()])),
  bool(np.array_equal(f['acquisition/wheel_speed/data'][()], b['acquisition/wheel_speed/data'][()])),
  f['acquisition/ephys/data'].chunks, 'processing' in f and 'behavior' in f['processing'],
]))
`, p, path.join(demoDir, 'raw_ephys.nwb'), path.join(demoDir, 'raw_behavior.nwb'));
  };
  expect(check('shared.nwb')).toEqual([true, true, true, [3000, 32], true]);
  expect(check('exported.nwb')).toEqual([true, true, true, [3000, 32], false]);
});

test('the family file: members of the member size, read by h5py with driver=family', () => {
  const members = fs.readdirSync(demoDir).filter((n) => /^family_\d+\.nwb$/.test(n)).sort((a, b) => parseInt(a.slice(7), 10) - parseInt(b.slice(7), 10));
  expect(members.length).toBeGreaterThanOrEqual(7); // 60000 x 64 int16 = 7.3 MiB
  expect(members).toEqual(members.map((_, i) => `family_${i}.nwb`));
  for (const m of members.slice(0, -1)) expect(fs.statSync(path.join(demoDir, m)).size).toBe(MiB);
  expect(fs.statSync(path.join(demoDir, members[members.length - 1])).size).toBeLessThanOrEqual(MiB);
  const v = py(`
f = h5py.File(sys.argv[1], 'r', driver='family', memb_size=${MiB})
d = f['acquisition/ephys64/data']
print(json.dumps([list(d.shape), str(d.dtype), list(d.chunks), int(d[()].astype('i8').sum()), float(f['acquisition/ephys64/starting_time'].attrs['rate'])]))
`, path.join(demoDir, 'family_%d.nwb'));
  // The sum of what the tutorial's simulated device produced (computed by its own block function).
  const expected = runNode(`
const t = require(${JSON.stringify(path.join(root, 'examples', 'dist', 'tutorial.js'))});
let s = 0;
for (let i = 0; i < 20; i++) for (const x of t.ephysBlock(i, 64).data) s += x;
console.log(JSON.stringify(s));
`);
  expect(expected.stderr).toBe('');
  expect(v).toEqual([[60000, 64], 'int16', [3000, 64], JSON.parse(expected.stdout), 30000]);
});

test('runTutorial as a module: the result names the files, byte counts, throughput and structure', () => {
  const r = runNode(`
const { runTutorial } = require(${JSON.stringify(path.join(root, 'examples', 'dist', 'tutorial.js'))});
const printed = [];
runTutorial(process.argv[1], (l) => printed.push(l), { seconds: 2, familySeconds: 1, memberSize: 262144 })
  .then((res) => console.log(JSON.stringify({ res, printed })))
  .catch((e) => { console.error(e); process.exit(1); });
`, [modDir], { timeout: 120000 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const { res, printed } = JSON.parse(r.stdout);
  expect(res.lines).toEqual(printed);
  expect(res.dir).toBe(modDir);
  expect(res.clockOffset).toBe(-2.5);
  for (const k of ['ephys', 'behavior', 'session', 'aligned', 'derived', 'shared', 'exported']) expect(fs.existsSync(res.files[k])).toBe(true);
  // 2 s of 32 ch int16 + float64 timestamps at 30 kHz; 2 s of float32 + float64 at 1 kHz.
  expect(res.streams.ephys).toMatchObject({ blocks: 20, rows: 60000, bytes: 60000 * (32 * 2 + 8) });
  expect(res.streams.behavior).toMatchObject({ blocks: 20, rows: 2000, bytes: 2000 * (4 + 8) });
  expect(res.streams.bytes).toBe(60000 * 72 + 2000 * 12);
  for (const s of [res.streams.ephys, res.streams.behavior, res.streams, res.family]) {
    expect(s.bytesPerSecond).toBeGreaterThan(0);
    expect(s.bytesPerSecond).toBeCloseTo(s.bytes / s.seconds, 0);
  }
  expect(res.family).toMatchObject({ memberSize: 262144, blocks: 10, rows: 30000, bytes: 30000 * 64 * 2 });
  expect(res.files.familyMembers.length).toBeGreaterThanOrEqual(15); // 3.66 MiB in 256 KiB members
  for (const m of res.files.familyMembers.slice(0, -1)) expect(fs.statSync(m).size).toBe(262144);
  expect(res.copy.phases[0]).toBe('scan');
  expect(res.copy.phases[res.copy.phases.length - 1]).toBe('done');
  expect(res.copy.bytesWritten).toBeGreaterThan(60000 * 72);

  const step = (name: string) => res.steps.find((s: { step: string }) => s.step === name);
  expect(res.steps.map((s: { step: string }) => s.step)).toEqual(['raw_ephys', 'raw_behavior', 'session', 'aligned', 'derived', 'shared', 'exported', 'family']);
  for (const s of res.steps) expect(s.bytes).toBeGreaterThan(0);
  const entry = (name: string, p: string) => step(name).structure.find((e: { path: string }) => e.path === p);
  expect(entry('raw_ephys', '/acquisition/ephys/data')).toMatchObject({ kind: 'dataset', dtype: 'int16', shape: [60000, 32], maxshape: [null, 32], chunks: [3000, 32] });
  expect(entry('session', '/acquisition/ephys')).toEqual({ path: '/acquisition/ephys', kind: 'external', target: 'raw_ephys.nwb:/acquisition/ephys' });
  expect(entry('aligned', '/processing/behavior/wheel_acceleration/timestamps')).toEqual({
    path: '/processing/behavior/wheel_acceleration/timestamps', kind: 'soft', target: '/acquisition/wheel_speed/timestamps',
  });
  expect(entry('aligned', '/acquisition/wheel_speed/timestamps')).toMatchObject({ kind: 'dataset', dtype: 'float64', shape: [2000] });
  expect(entry('derived', '/processing/behavior/wheel_speed_100Hz/')).toBeUndefined();
  expect(entry('derived', '/processing/behavior/wheel_speed_100Hz')).toMatchObject({ kind: 'group', neurodataType: 'TimeSeries' });
  expect(entry('family', '/acquisition/ephys64/data')).toMatchObject({ shape: [30000, 64], chunks: [3000, 64] });
  expect(step('session').links).toEqual([
    'ok     session.nwb:/acquisition/ephys -> raw_ephys.nwb:/acquisition/ephys',
    'ok     session.nwb:/acquisition/wheel_speed -> raw_behavior.nwb:/acquisition/wheel_speed',
  ]);
  expect(step('shared').links).toEqual(['no external links']);
  expect(step('exported').links).toEqual(['no external links']);
  expect(step('shared').structure.filter((e: { kind: string }) => e.kind === 'external')).toEqual([]);
  // h5py agrees with the family driver and member size the result reports
  const v = py(`
f = h5py.File(sys.argv[1], 'r', driver='family', memb_size=262144)
print(json.dumps(list(f['acquisition/ephys64/data'].shape)))
`, res.files.family);
  expect(v).toEqual([30000, 64]);
});

test('the demo exits non-zero with the error when it cannot write', () => {
  const blocker = path.join(dir, 'not-a-folder');
  fs.writeFileSync(blocker, 'a file where the output folder should be');
  const r = runExample(['tutorial', blocker]);
  expect(r.status).not.toBe(0);
  expect(r.stderr).toMatch(/EEXIST|ENOTDIR/);
});

test('the other examples run: quickstart.js and h5-demo.js (npm run demo:h5)', () => {
  buildDist();
  const q = spawnSync(process.execPath, [path.join(root, 'examples', 'quickstart.js'), path.join(dir, 'quickstart.h5')], { encoding: 'utf8', timeout: 60000 });
  expect(q.stderr).toBe('');
  expect(q.status).toBe(0);
  expect(q.stdout).toContain('/acquisition/stream0/data shape [1000,4] chunks [1024,4] gzip');
  const h = spawnSync(process.execPath, [path.join(root, 'examples', 'h5-demo.js'), path.join(dir, 'h5-demo')], { encoding: 'utf8', timeout: 120000 });
  expect(h.stderr).toBe('');
  expect(h.status).toBe(0);
  expect(h.stdout).toMatch(/sync append: 200000 rows x 64 ch/);
  expect(py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps(list(f['acquisition/ephys/raw_async'].shape)))`, path.join(dir, 'h5-demo', 'demo.h5'))).toEqual([200000, 64]);
});
