/**
 * Random sequences of links (soft, hard, external, dangling, cyclic), copies (every option, sync and async),
 * moves and deletes on two open files, in a forked child (test/h5/link-sequences-child.js): the process never
 * crashes, every refusal is a typed error, and every file written opens in h5py with all its datasets and
 * attributes readable. The seeds are fixed, so a failure repeats; the child's steps.log names the step.
 */
import { fork } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { libForChildren, py, tmpDir } from '../helpers';

const { dir } = tmpDir('link-sequences');

type Summary = { seeds: number; ok: number; refused: number; untyped: string[]; files: string[] };

function runChild(lib: string, first: number, seeds: number): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string; last: string }> {
  const work = path.join(dir, `from-${first}`);
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work);
  return new Promise((resolve, reject) => {
    const c = fork(path.join(__dirname, 'link-sequences-child.js'), [lib, work, String(first), String(seeds)], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let stdout = '';
    let stderr = '';
    c.stdout!.on('data', (b) => (stdout += b));
    c.stderr!.on('data', (b) => (stderr += b));
    c.on('error', reject);
    c.on('exit', (code, signal) => {
      const log = path.join(work, 'steps.log');
      const last = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trimEnd().split('\n').slice(-2).join('\n') : '';
      resolve({ code, signal, stdout, stderr, last });
    });
  });
}

test('300 random link/copy/move/delete sequences: no crash, typed refusals only, and files h5py reads whole', async () => {
  const lib = libForChildren(dir);
  const r = await runChild(lib, 1, 300);
  // On a crash, the last steps the child logged say where it was.
  expect({ code: r.code, signal: r.signal, stderr: r.stderr, last: r.code === 0 ? '' : r.last }).toEqual({ code: 0, signal: null, stderr: '', last: '' });
  const s = JSON.parse(r.stdout.trim()) as Summary;
  expect(s.seeds).toBe(300);
  expect(s.untyped).toEqual([]);
  // Most operations run (the mix is not all refusals), and some are refused (the bad cases are reached).
  expect(s.ok).toBeGreaterThan(s.refused);
  expect(s.refused).toBeGreaterThan(1000);
  expect(s.files.length).toBeGreaterThan(600);
  const files = path.join(dir, 'files.json');
  fs.writeFileSync(files, JSON.stringify(s.files));
  const checked = py(`
bad = []
n = 0
for p in json.load(open(sys.argv[1])):
    try:
        f = h5py.File(p, 'r')
        def visit(name, obj):
            global n
            if isinstance(obj, h5py.Dataset):
                obj[()]
                n += 1
            for k in obj.attrs:
                obj.attrs[k]
        f.visititems(visit)
        for k in f.attrs:
            f.attrs[k]
        f.close()
    except Exception as e:
        bad.append('%s: %s' % (p, e))
print(json.dumps({'bad': bad, 'datasets': n}))
`, files);
  expect(checked.bad).toEqual([]);
  expect(checked.datasets).toBeGreaterThan(1000);
}, 120_000);
