/**
 * Random sequences of links (soft, hard, external, dangling, cyclic), copies (every option, sync and async),
 * moves and deletes on two open files, in a forked child (test/h5/link-sequences-child.js): the process never
 * crashes, every refusal is a typed error, and every file written opens in h5py with all its datasets and
 * attributes readable. The seeds are fixed, so a failure repeats; the child's steps.log names the step.
 */
import * as fs from 'fs';
import * as path from 'path';
import { libForChildren, py, runForked, tmpDir } from '../helpers';

const { dir } = tmpDir('link-sequences');

type Summary = { seeds: number; ok: number; refused: number; untyped: string[]; files: string[] };

test('300 random link/copy/move/delete sequences: no crash, typed refusals only, and files h5py reads whole', async () => {
  const lib = libForChildren(dir);
  const work = path.join(dir, 'work');
  fs.mkdirSync(work);
  const r = await runForked<Summary>(path.join(__dirname, 'link-sequences-child.js'), [lib, work, '1', '300']);
  // On a crash, the last steps the child logged say where it was.
  const last = r.code === 0 ? '' : fs.readFileSync(path.join(work, 'steps.log'), 'utf8').trimEnd().split('\n').slice(-2).join('\n');
  expect({ code: r.code, signal: r.signal, stderr: r.stderr, last }).toEqual({ code: 0, signal: null, stderr: '', last: '' });
  const s = r.out!;
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
