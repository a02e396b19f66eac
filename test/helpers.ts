/** Shared test helpers: temp folders, the reference readers (h5py, h5dump), and the ../shared material. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

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
