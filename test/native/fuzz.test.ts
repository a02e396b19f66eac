/**
 * No input crashes the process: random argument lists for every function of the addon (test/native/fuzz-child.js,
 * in a forked child), with async operations in flight among the sync calls, on the main thread alone or with two
 * worker threads fuzzing at the same time, and the process leaving in each way it can with files and operations
 * still open (and workers still running). The seeds are fixed, so a failure repeats; the child's fuzz.log names
 * the call it was making.
 */
import { fork } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { libForChildren, tmpDir } from '../helpers';

const { dir } = tmpDir('fuzz');
let lib: string;

beforeAll(() => {
  lib = libForChildren(dir);
});

type Summary = { calls: number; ok: number; threw: number; notErrors: number; missed: string[] };

function runFuzz(seed: number, calls: number, end: 'return' | 'exit' | 'throw', workers: number) {
  const work = path.join(dir, `seed-${seed}-${end}-${workers}`);
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work);
  return new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string; log: string }>(
    (resolve, reject) => {
      const c = fork(path.join(__dirname, 'fuzz-child.js'), [lib, work, String(seed), String(calls), end, String(workers)], {
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        execArgv: ['--expose-gc'],
      });
      let stdout = '';
      let stderr = '';
      c.stdout!.on('data', (b) => (stdout += b));
      c.stderr!.on('data', (b) => (stderr += b));
      c.on('error', reject);
      c.on('exit', (code, signal) => {
        const logFile = path.join(work, 'fuzz.log');
        const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-3).join('\n') : '';
        resolve({ code, signal, stdout, stderr, log });
      });
    },
  );
}

const CALLS = 2500;

function expectSettled(s: Summary, calls: number): void {
  expect(s.calls).toBe(calls);
  expect(s.ok + s.threw).toBe(calls);
  // Whatever is thrown or rejected is an Error object, never a bare value.
  expect(s.notErrors).toBe(0);
  // The workload reached every function of the addon (so each was fuzzed from real arguments), and the mutations
  // left a good share of calls valid enough to run.
  expect(s.missed).toEqual([]);
  expect(s.ok).toBeGreaterThan(calls * 0.1);
}

test.each([
  [1, 'return', 0],
  [2, 'exit', 0],
  [3, 'throw', 0],
  [4, 'return', 2],
  [5, 'exit', 2],
] as const)('seed %d, leaving by %s, %d workers: the process ends as asked, every call settles with an Error', async (seed, end, workers) => {
  const calls = workers > 0 ? 1500 : CALLS;
  const r = await runFuzz(seed, calls, end, workers);
  // On a crash, the last calls the child made are in the message.
  expect({ signal: r.signal, lastCalls: r.signal ? r.log : '' }).toEqual({ signal: null, lastCalls: '' });
  expect(r.code).toBe(end === 'throw' ? 1 : 0);
  if (end === 'throw') expect(r.stderr).toContain('the end of the fuzz run');
  const s: Summary & { workers: Summary[] } = JSON.parse(r.stdout.trim().split('\n').pop()!);
  expectSettled(s, calls);
  // Workers are waited for only when the process returns; process.exit() stops them wherever they are.
  expect(s.workers.length).toBe(end === 'return' ? workers : 0);
  for (const w of s.workers) expectSettled(w, calls);
});
