/**
 * The package as a user gets it: `npm pack`, then `npm install <tarball>` into an empty project, where
 * require('h5nwb'), import('h5nwb'), the TypeScript types and the quick-start example must work with no
 * compiler and nothing built on the spot — the committed prebuild is what loads.
 *
 * npm pack runs in a copy of the working tree (the files git sees: tracked, and untracked but not ignored;
 * node_modules linked), so `prepare` builds dist/ there and the repository's dist/ and build/, which other test
 * runs use, are left alone. The install is offline: the dependencies (node-addon-api, node-gyp-build) come from
 * npm's cache, which the repository's own `npm install` filled; only when they are not there does it fall back
 * to --prefer-offline (the registry).
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { py, tmpDir } from '../helpers';

const repo = path.resolve(__dirname, '..', '..');
const { dir } = tmpDir('pack');
const src = path.join(dir, 'src');
const out = path.join(dir, 'out');
const proj = path.join(dir, 'project');
const npmCli = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
const tuple = `${process.platform}-${process.arch}`;

/** The environment without what `npm test` and the CI variants put there (npm_*, H5NWB_ADDON). */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== 'H5NWB_ADDON' && k !== 'INIT_CWD') env[k] = v;
  return { ...env, ...extra };
}

function run(cmd: string, args: string[], cwd: string, env = cleanEnv(), timeout = 180000): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
}
function must(r: SpawnSyncReturns<string>, what: string): string {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status ?? r.signal ?? r.error}):\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}
/** npm through the node running the tests (the npm beside it). */
function npm(args: string[], cwd: string, env = cleanEnv()): SpawnSyncReturns<string> {
  return fs.existsSync(npmCli) ? run(process.execPath, [npmCli, ...args], cwd, env) : run('npm', args, cwd, env);
}

let tarball = '';
let packed: { path: string; size: number }[] = [];
let tarballSize = 0;
let installedWith = '';

/** An empty project with the tarball installed, install scripts off; returns how npm was asked. */
function installInto(project: string, extraArgs: string[] = [], env = cleanEnv()): string {
  fs.mkdirSync(project, { recursive: true });
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  const base = ['install', '--no-audit', '--no-fund', '--no-save', ...extraArgs];
  const offline = npm([...base, '--offline', tarball], project, env);
  if (offline.status === 0) return 'offline';
  // The dependencies are not in npm's cache: take them from the registry.
  const online = npm([...base, '--prefer-offline', tarball], project, env);
  must(online, `npm install ${tarball} (offline it said: ${offline.stderr.trim().split('\n').slice(-3).join(' / ')})`);
  return 'prefer-offline';
}

beforeAll(() => {
  // 1. The working tree as git sees it, plus build leftovers that must stay out of the package.
  const list = must(run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], repo), 'git ls-files');
  for (const f of list.split('\0').filter(Boolean)) {
    const from = path.join(repo, f);
    if (!fs.existsSync(from) || fs.lstatSync(from).isDirectory()) continue;
    fs.mkdirSync(path.dirname(path.join(src, f)), { recursive: true });
    fs.copyFileSync(from, path.join(src, f));
  }
  fs.symlinkSync(path.join(repo, 'node_modules'), path.join(src, 'node_modules'));
  fs.mkdirSync(path.join(src, 'build', 'Release'), { recursive: true });
  fs.writeFileSync(path.join(src, 'build', 'Release', 'h5nwb.node'), 'a stale local build');
  fs.writeFileSync(path.join(src, 'build', 'config.gypi'), '{}');
  // 2. npm pack (prepare compiles lib/ to dist/ in the copy).
  fs.mkdirSync(out);
  const r = must(npm(['pack', '--json', '--pack-destination', out], src), 'npm pack');
  const info = JSON.parse(r.slice(r.indexOf('[')))[0];
  tarball = path.join(out, info.filename);
  packed = info.files;
  tarballSize = fs.statSync(tarball).size;
  // 3. An empty project with the tarball installed, install scripts off: only a prebuild can load there.
  installedWith = installInto(proj, ['--ignore-scripts']);
  console.log(`h5nwb tarball: ${(tarballSize / 1048576).toFixed(2)} MiB, ${packed.length} files; installed ${installedWith}`);
}, 300000);

test('the tarball holds the runtime, the prebuild and a source build, and nothing else', () => {
  const names = packed.map((f) => f.path).sort();
  const required = [
    'package.json',
    'README.md',
    'dist/index.js',
    'dist/index.mjs',
    'dist/index.d.ts',
    'prebuilds/linux-x64/h5nwb.node',
    // The licences of what the prebuild links in statically travel with it.
    'prebuilds/linux-x64/licenses/hdf5-COPYING',
    'prebuilds/linux-x64/licenses/zlib-LICENSE',
    'prebuilds/linux-x64/licenses/libaec-copyright',
    'binding.gyp',
    'CMakeLists.txt',
    'native/addon.cc',
    'scripts/install.js',
    'scripts/build-native.js',
    'scripts/build-ts.js',
    'scripts/hdf5-config.js',
    'scripts/build-hdf5.sh',
    'scripts/ensure-system-deps.sh',
    'scripts/source-hash.js',
  ];
  for (const f of required) expect(names).toContain(f);
  // Every native source a source build compiles is there.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { gypSources } = require('../../scripts/check-sources');
  for (const f of gypSources()) expect(names).toContain(f);
  const unwanted = names.filter((n) =>
    /^(lib|test|bench|examples|docs|build|node_modules|coverage|\.ci|\.github)\//.test(n) ||
    /\.(map|tsbuildinfo|ts)$/.test(n.replace(/\.d\.ts$/, '')) ||
    /^(tsconfig.*\.json|jest\.config\.js|package-lock\.json|\.gitignore|\.npmrc)$/.test(n),
  );
  expect(unwanted).toEqual([]);
  expect(names.filter((n) => n.startsWith('scripts/')).sort()).toEqual(required.filter((n) => n.startsWith('scripts/')).sort());
  // The prebuild is most of it (about 4 MiB, 2 MiB compressed); everything else is small.
  expect(tarballSize).toBeLessThan(8 * 1048576);
});

test('installs with no network and no install scripts, and require() loads the prebuild', () => {
  expect(fs.existsSync(path.join(proj, 'node_modules', 'h5nwb', 'build'))).toBe(false);
  const r = must(
    run(
      process.execPath,
      [
        '-e',
        `const h = require('h5nwb');
const info = h.libraryInfo();
const addons = Object.keys(require.cache).filter((k) => k.endsWith('.node'));
console.log(JSON.stringify({ info, addons, exports: Object.keys(h).sort() }));`,
      ],
      proj,
    ),
    "require('h5nwb')",
  );
  const { info, addons, exports } = JSON.parse(r);
  expect(info).toEqual({ hdf5Version: '1.14.5', threadsafe: true, szip: true, deflate: true, leftOpen: 0 });
  expect(addons).toEqual([path.join(fs.realpathSync(proj), 'node_modules', 'h5nwb', 'prebuilds', tuple, 'h5nwb.node')]);
  expect(exports).toEqual(expect.arrayContaining(['File', 'Group', 'Dataset', 'Hdf5Error', 'copyFile', 'libraryInfo']));
});

test("import('h5nwb') works from an ES module, named and default exports, sharing the CommonJS instance", () => {
  fs.writeFileSync(
    path.join(proj, 'esm.mjs'),
    `import { File, libraryInfo } from 'h5nwb';
import h5nwb from 'h5nwb';
import { createRequire } from 'module';
const dyn = await import('h5nwb');
const cjs = createRequire(import.meta.url)('h5nwb');
console.log(JSON.stringify({
  version: libraryInfo().hdf5Version,
  file: typeof File.open,
  sameDefault: h5nwb.File === File,
  sameDynamic: dyn.File === File,
  sameCjs: cjs.File === File,
}));
`,
  );
  const r = must(run(process.execPath, ['esm.mjs'], proj), 'node esm.mjs');
  expect(JSON.parse(r)).toEqual({ version: '1.14.5', file: 'function', sameDefault: true, sameDynamic: true, sameCjs: true });
});

test('TypeScript code using the public types compiles against the installed package (tsc --noEmit)', () => {
  const use = `import { File, Dataset, Group, Hdf5Error, libraryInfo, copyFile } from 'h5nwb';
import type { CreateDatasetOptions, FileMode, DTypeName, TypeDesc } from 'h5nwb';

const mode: FileMode = 'w';
const f: File = File.open('typed.h5', mode);
const g: Group = f.createGroup('a/b');
const options: CreateDatasetOptions = { dtype: 'int16', shape: [0, 4], maxshape: [null, 4], chunks: [16, 4], compression: 'gzip' };
const d: Dataset = g.createDataset('data', options);
d.append(new Int16Array(8));
const shape: number[] = d.read({ start: [0, 0], count: [1, 4] }).shape;
const name: DTypeName | string = d.dtype;
const desc: TypeDesc | undefined = undefined;
const v: string = libraryInfo().hdf5Version;
const copy: Promise<unknown> = copyFile('a.h5', 'b.h5');
try { f.close(); } catch (e) { if (e instanceof Hdf5Error) console.log(e.code); }
// @ts-expect-error File.open takes a path string
File.open(42);
// @ts-expect-error filename is a string
const n: number = f.filename;
export { shape, name, desc, v, copy, n };
`;
  fs.writeFileSync(path.join(proj, 'use.ts'), use);
  fs.writeFileSync(path.join(proj, 'use.mts'), use);
  fs.writeFileSync(
    path.join(proj, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'es2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: ['node'],
        typeRoots: [path.join(repo, 'node_modules', '@types')],
      },
      files: ['use.ts', 'use.mts'],
    }),
  );
  const tsc = path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = run(process.execPath, [tsc, '-p', proj, '--traceResolution'], proj);
  if (r.status !== 0) throw new Error(`tsc failed:\n${r.stdout.split('\n').filter((l) => /error TS/.test(l)).join('\n')}`);
  // The types came from the installed package, through its exports map.
  expect(r.stdout).toMatch(/Module name 'h5nwb' was successfully resolved to '[^']*\/project\/node_modules\/h5nwb\/dist\/index\.d\.ts'/);
});

test('the quick-start example, requiring h5nwb, writes a file that h5py reads', () => {
  const example = fs.readFileSync(path.join(repo, 'examples', 'quickstart.js'), 'utf8');
  expect(example).toContain("require('..')");
  fs.writeFileSync(path.join(proj, 'quickstart.js'), example.replace("require('..')", "require('h5nwb')"));
  const target = path.join(proj, 'session.h5');
  must(run(process.execPath, ['quickstart.js', target], proj), 'node quickstart.js');
  const r = py(
    `f = h5py.File(sys.argv[1], 'r'); g = f['acquisition/stream0']; d = g['data']
print(json.dumps({'shape': list(d.shape), 'maxshape': list(d.maxshape), 'chunks': list(d.chunks), 'compression': d.compression,
  'dtype': str(d.dtype), 'first': d[0:2].tolist(), 'last': d[-1].tolist(), 'rate': float(g.attrs['rate']),
  'description': g.attrs['description'] if isinstance(g.attrs['description'], str) else g.attrs['description'].decode()}))`,
    target,
  );
  expect(r).toEqual({
    shape: [1000, 4],
    maxshape: [null, 4],
    chunks: [1024, 4],
    compression: 'gzip',
    dtype: 'int16',
    first: [
      [0, 0, 0, 0],
      [1, 1, 1, 1],
    ],
    last: [999, 999, 999, 999],
    rate: 1000,
    description: 'a simulated 4-channel recording',
  });
});

test('npm install with install scripts on finishes in seconds with only node and sh on PATH (no compiler, make or bash)', () => {
  // scripts/install.js finds that the prebuild loads and exits; were it to build from source instead, it would
  // need bash, a compiler and make, none of which this PATH has, and the install would fail. (npm runs install
  // scripts with sh.)
  const bin = path.join(dir, 'only-node');
  fs.mkdirSync(bin);
  fs.symlinkSync(process.execPath, path.join(bin, 'node'));
  fs.symlinkSync('/bin/sh', path.join(bin, 'sh'));
  const project = path.join(dir, 'project-with-scripts');
  const t0 = Date.now();
  installInto(project, ['--foreground-scripts'], cleanEnv({ PATH: bin }));
  const seconds = (Date.now() - t0) / 1000;
  expect(fs.existsSync(path.join(project, 'node_modules', 'h5nwb', 'build'))).toBe(false);
  const r = must(run(process.execPath, ['-e', "console.log(require('h5nwb').libraryInfo().hdf5Version)"], project, cleanEnv({ PATH: bin })), 'require');
  expect(r.trim()).toBe('1.14.5');
  expect(seconds).toBeLessThan(60);
});
