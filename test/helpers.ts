/** Shared test helpers: temp folders, the reference readers (h5py, h5dump), and the ../shared material. */
import { fork, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Runs a script in a forked child (stdout ignored, stderr captured, an IPC channel open) and resolves, once it
 * has exited, with how it ended and the last message it sent.
 */
export function runForked<T>(
  script: string,
  args: string[],
  options: { execArgv?: string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number | null; signal: string | null; stderr: string; out?: T }> {
  return new Promise((resolve, reject) => {
    const c = fork(script, args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], ...options });
    let stderr = '';
    let out: T | undefined;
    c.stderr!.on('data', (b) => (stderr += b));
    c.on('message', (m) => (out = m as T));
    c.on('error', reject);
    c.on('exit', (code, signal) => resolve({ code, signal, stderr, out }));
  });
}

/** A fresh temporary folder for one test file; removed after its tests. */
export function tmpDir(label: string): { dir: string; file: (name: string) => string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `h5nwb-${label}-`));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return { dir, file: (name: string) => path.join(dir, name) };
}

/** Debian's python3, which has h5py (the reference reader). */
export const PYTHON = '/usr/bin/python3';

/**
 * Runs Python code with h5py imported and returns what it prints as JSON (the code must print one JSON value
 * as its last line). Fails the test with Python's stderr on error.
 */
/**
 * Python source of dt(x): how the tests name an h5py dtype ('vlen-utf-8', 'fixed-ascii', 'ref',
 * 'compound(a:int32,...)' or numpy's name). For the scripts given to py().
 */
export const PY_DTYPE = `
def dt(x):
    s = h5py.check_string_dtype(x)
    if s is not None:
        return 'vlen-' + s.encoding if s.length is None else 'fixed-' + s.encoding
    if h5py.check_ref_dtype(x) is not None:
        return 'ref'
    if x.names:
        return 'compound(' + ','.join(n + ':' + dt(x.fields[n][0]) for n in x.names) + ')'
    return str(x)
`;

export function py(code: string, ...args: string[]): any {
  const prelude = 'import sys, json\nimport numpy as np\nimport h5py\n';
  const r = spawnSync(PYTHON, ['-c', prelude + code, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python failed (${r.status}):\n${r.stderr}\n--- code ---\n${code}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

/** h5dump output for a file (with any extra flags, e.g. -p for properties). */
export function h5dump(file: string, ...flags: string[]): string {
  const r = spawnSync('h5dump', [...flags, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`h5dump failed (${r.status}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** The ../shared folder; throws a clear error when it is missing (CI always has it). */
export function sharedDir(...parts: string[]): string {
  const dir = path.resolve(__dirname, '..', '..', 'shared');
  if (!fs.existsSync(dir))
    throw new Error(`../shared is missing (expected at ${dir}); these tests need the shared fixtures and schema`);
  return path.join(dir, ...parts);
}

/** Copies the PyNWB fixtures to a temp folder (they are read-only and some tests open them for writing). */
export function copyFixtures(to: string): string {
  const src = sharedDir('fixtures', 'pynwb');
  for (const f of fs.readdirSync(src)) if (f.endsWith('.nwb')) fs.copyFileSync(src + '/' + f, path.join(to, f));
  for (const f of fs.readdirSync(to)) fs.chmodSync(path.join(to, f), 0o644);
  return to;
}

/** The error `fn` throws; fails the test when it throws nothing. */
export function thrown(fn: () => unknown): any {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error, but nothing was thrown');
}

/** The error the promise (or async function) rejects with; fails the test when it resolves. */
export async function rejected(p: Promise<unknown> | (() => Promise<unknown>)): Promise<any> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/**
 * Like py(), but never throws: runs the code with extra environment variables (for instance
 * HDF5_USE_FILE_LOCKING=FALSE, to look at a file this process still holds open) and reports what happened.
 */
export function pyResult(code: string, args: string[] = [], env: Record<string, string> = {}): { ok: boolean; value: any; stderr: string } {
  const prelude = 'import sys, json\nimport numpy as np\nimport h5py\n';
  const r = spawnSync(PYTHON, ['-c', prelude + code, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) return { ok: false, value: undefined, stderr: r.stderr };
  const lines = r.stdout.trim().split('\n');
  return { ok: true, value: JSON.parse(lines[lines.length - 1]), stderr: r.stderr };
}

/**
 * Transpiles lib/ (as ts-jest does: per file, no type check) into `<dir>/dist` for child processes and worker
 * threads, next to links to the shared addon build, prebuilds and node_modules. Returns the folder to require().
 * dist/ of the repository is left alone (other runs may be using it).
 */
export function libForChildren(dir: string): string {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const ts = require('typescript') as typeof import('typescript');
  const repo = path.resolve(__dirname, '..');
  const out = path.join(dir, 'dist');
  const walk = (from: string, to: string) => {
    fs.mkdirSync(to, { recursive: true });
    for (const e of fs.readdirSync(from, { withFileTypes: true })) {
      const src = path.join(from, e.name);
      if (e.isDirectory()) walk(src, path.join(to, e.name));
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) {
        const js = ts.transpileModule(fs.readFileSync(src, 'utf8'), {
          fileName: src,
          compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
        });
        fs.writeFileSync(path.join(to, e.name.replace(/\.ts$/, '.js')), js.outputText);
      }
    }
  };
  walk(path.join(repo, 'lib'), out);
  for (const link of ['build', 'prebuilds', 'node_modules']) {
    const p = path.join(dir, link);
    if (!fs.existsSync(p)) fs.symlinkSync(path.join(repo, link), p);
  }
  return out;
}

let distBuilt = false;
/**
 * The dist folder, for child processes that require the package. Jest's global setup (test/global-setup.ts)
 * compiles lib/ to dist/ once before any test file runs; without it (the helper used outside jest) this compiles
 * it once per process, serialised with flock.
 */
export function buildDist(): string {
  const root = path.resolve(__dirname, '..');
  if (!distBuilt && process.env.H5NWB_TEST_DIST_BUILT !== '1') {
    compileDist();
    distBuilt = true;
  }
  return path.join(root, 'dist');
}

/** Runs scripts/build-ts.js (lib/ to dist/), serialised with flock across processes sharing this checkout. */
export function compileDist(): void {
  const root = path.resolve(__dirname, '..');
  const lock = path.join(os.tmpdir(), 'h5nwb-build-ts.lock');
  const r = spawnSync('flock', [lock, process.execPath, path.join(root, 'scripts', 'build-ts.js')], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scripts/build-ts.js failed (${r.status}):\n${r.stderr}${r.stdout}`);
}

/** Runs a Node script (CommonJS source) in a child process; `H5NWB` in its environment is the dist folder. */
export function runNode(source: string, args: string[] = [], options: { cwd?: string; env?: Record<string, string>; timeout?: number } = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['-e', source, '--', ...args], {
    cwd: options.cwd,
    env: { ...process.env, H5NWB: buildDist(), ...options.env },
    encoding: 'utf8',
    timeout: options.timeout ?? 60000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * HDMF's validator (Debian's python3-hdmf, through scripts/nwb-validate.py) on an NWB file, against the official
 * NWB 2.9.0 schema in ../shared/nwb-schema: the messages of the errors it finds ([] when valid). Throws when
 * ../shared is missing, when python3-hdmf is not installed, or when HDMF cannot read the file.
 */
export function hdmfValidate(file: string): string[] {
  const schema = sharedDir('nwb-schema', '2.9.0');
  if (!fs.existsSync(path.join(schema, 'core', 'nwb.namespace.yaml')))
    throw new Error(`the NWB 2.9.0 schema is missing from ../shared (expected ${schema}/core/nwb.namespace.yaml)`);
  const script = path.resolve(__dirname, '..', 'scripts', 'nwb-validate.py');
  const r = spawnSync(PYTHON, [script, '--schema', schema, file], { encoding: 'utf8' });
  let out: { errors: { message: string }[]; fatal: { message: string }[] };
  try {
    out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '');
  } catch {
    throw new Error(`scripts/nwb-validate.py failed (${r.status}) on ${file}:\n${r.stderr}${r.stdout}`);
  }
  if (out.fatal.length) throw new Error(`HDMF cannot validate ${file}: ${out.fatal.map((f) => f.message).join('; ')}`);
  return out.errors.map((e) => e.message);
}

/** Every link of a file in h5py's view (not followed): path -> [kind, file, path]; hard links to groups are walked. */
export function h5Links(p: string): Record<string, [string, string | null, string | null]> {
  return py(`
f = h5py.File(sys.argv[1], 'r')
out = {}
def walk(g, base):
    for k in g:
        l = g.get(k, getlink=True)
        p = base + '/' + k
        if isinstance(l, h5py.ExternalLink):
            out[p] = ['external', l.filename, l.path]
        elif isinstance(l, h5py.SoftLink):
            out[p] = ['soft', None, l.path]
        else:
            out[p] = ['hard', None, None]
            if isinstance(g[k], h5py.Group):
                walk(g[k], p)
walk(f, '')
print(json.dumps(out))
`, p);
}
