'use strict';
// Random sequences of link, copy, move and delete operations on two open files (run by link-sequences.test.ts in
// a forked child: a crash ends this process, not jest's). For each seed: 60 operations drawn from a fixed-seed
// generator, then both files are closed and, every third seed, a copyFileSync of the first. Every step is written
// to steps.log first, so that a crash names the seed and the step it was taking. Sends its summary to the parent
// (or prints it as one JSON line when run by hand).
//
//   node link-sequences-child.js LIB WORKDIR FIRST_SEED SEEDS
const fs = require('fs');
const path = require('path');

const [lib, work, first, count] = process.argv.slice(2);
const { File, copyFileSync } = require(lib);
const log = fs.openSync(path.join(work, 'steps.log'), 'w');
const note = (s) => fs.writeSync(log, s + '\n');

const NAMES = ['g', 'h', 'x', 'y', 'z', 'ds', 'l1', 'l2', 'c'];
const summary = { seeds: 0, ok: 0, refused: 0, untyped: [], files: [] };

/** Whether an error is one the API promises: an Hdf5Error with a code, or an argument TypeError/RangeError. */
function typed(e) {
  return e instanceof Error && (typeof e.code === 'string' || e instanceof TypeError || e instanceof RangeError);
}

async function runSeed(seed) {
  let s = seed >>> 0 || 1;
  const rnd = (n) => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s % n;
  };
  const pick = (a) => a[rnd(a.length)];
  const dir = path.join(work, `seed-${seed}`);
  fs.mkdirSync(dir, { recursive: true });
  const A = path.join(dir, 'a.h5');
  const B = path.join(dir, 'b.h5');
  const fa = File.open(A, 'w');
  const fb = File.open(B, 'w');
  const paths = (f) => {
    const out = ['/'];
    f.visit((n) => {
      out.push('/' + n);
    });
    return out;
  };
  for (let step = 0; step < 60; step++) {
    const f = rnd(2) ? fa : fb;
    const other = f === fa ? fb : fa;
    const here = f === fa ? 'a' : 'b';
    const ps = paths(f);
    const base = pick(ps);
    const name = (base === '/' ? '' : base) + '/' + pick(NAMES) + rnd(3);
    const op = rnd(11);
    let what = '';
    try {
      switch (op) {
        case 0:
          what = `createGroup ${name}`;
          note(`${seed}.${step} ${here} ${what}`);
          f.createGroup(name);
          break;
        case 1: {
          const n = rnd(5);
          what = `createDataset ${name} [${n}]`;
          note(`${seed}.${step} ${here} ${what}`);
          f.createDataset(name, { dtype: 'int32', shape: [n], data: Int32Array.from({ length: n }, (_, i) => i) });
          break;
        }
        case 2: {
          const t = pick(ps) + (rnd(4) === 0 ? '/missing' : '');
          what = `createSoftLink ${name} -> ${t}`;
          note(`${seed}.${step} ${here} ${what}`);
          f.createSoftLink(name, t);
          break;
        }
        case 3: {
          const t = pick(paths(other));
          what = `createExternalLink ${name} -> other:${t}`;
          note(`${seed}.${step} ${here} ${what}`);
          f.createExternalLink(name, other.filename, t);
          break;
        }
        case 4: {
          const t = pick(ps);
          what = `createHardLink ${name} -> ${t}`;
          note(`${seed}.${step} ${here} ${what}`);
          f.createHardLink(name, t);
          break;
        }
        case 5:
        case 6: {
          const src = pick(ps);
          const dst = rnd(2) ? f : other;
          const dn = pick(NAMES) + 'c' + rnd(5);
          const o = { expandSoft: rnd(2) === 1, expandExternal: rnd(3) === 0, expandRefs: rnd(3) === 0, shallow: rnd(4) === 0 };
          what = `${op === 5 ? 'copy' : 'copyAsync'} ${src} -> ${dst === f ? 'same' : 'other'}:${dn} ${JSON.stringify(o)}`;
          note(`${seed}.${step} ${here} ${what}`);
          if (op === 5) f.copy(src, dst, dn, o);
          else await f.copyAsync(src, dst, dn, o);
          break;
        }
        case 7: {
          const p = pick(ps.slice(1)) ?? '/none';
          what = `delete ${p}`;
          note(`${seed}.${step} ${here} ${what}`);
          f.delete(p);
          break;
        }
        case 8: {
          const p = pick(ps.slice(1)) ?? '/none';
          what = `move ${p} -> ${name}`;
          note(`${seed}.${step} ${here} ${what}`);
          f.move(p, name);
          break;
        }
        case 9: {
          const p = pick(ps);
          what = `attrs.set ${p}`;
          note(`${seed}.${step} ${here} ${what}`);
          const o = f.get(p);
          if (o) o.attrs.set('a' + rnd(3), rnd(100));
          break;
        }
        default: {
          const p = pick(ps);
          what = `read ${p}`;
          note(`${seed}.${step} ${here} ${what}`);
          const o = f.get(p);
          if (o && typeof o.read === 'function') o.read();
          break;
        }
      }
      summary.ok++;
    } catch (e) {
      if (!typed(e)) summary.untyped.push(`${seed}.${step} ${what}: ${e && e.stack}`);
      summary.refused++;
    }
  }
  note(`${seed} close`);
  fa.close();
  fb.close();
  summary.files.push(A, B);
  if (seed % 3 === 0) {
    const C = path.join(dir, 'c.h5');
    note(`${seed} copyFileSync`);
    try {
      copyFileSync(A, C, { expandSoft: rnd(2) === 1 });
      summary.files.push(C);
    } catch (e) {
      if (!typed(e)) summary.untyped.push(`${seed} copyFileSync: ${e && e.stack}`);
    }
  }
  summary.seeds++;
}

(async () => {
  for (let k = 0; k < Number(count); k++) await runSeed(Number(first) + k);
  note('done');
  if (process.send) process.send(summary);
  else process.stdout.write(JSON.stringify(summary) + '\n');
})();
