#!/usr/bin/env node
'use strict';
// npm run bench [-- --quick] [-- --only=W1,W3]
//
// Runs the workloads of WORKLOADS.md (/work/shared/bench/WORKLOADS.md) for the C reference (bench/ref.c, built
// here against the HDF5 the addon uses), h5nwb sync and async (bench/h5nwb.js), and the raw counterparts,
// alternating the implementations run by run; prints every RESULT line, then medians [min-max] and a summary of
// same-run ratios. N1 and N2 (bench/nwb.js) compare the NWB layer with the same h5-level calls made directly
// (issue #4). See bench/README.md.
const { spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ensurePool, dataDir } = require('./pool');

const root = path.resolve(__dirname, '..');
const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const INSTRUCTIONS = argv.includes('--instructions');
const onlyArg = argv.find((a) => a.startsWith('--only='));
const ONLY = (onlyArg ? onlyArg.slice(7) : process.env.BENCH_ONLY || '')
  .split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(fs.readFileSync(path.join(__dirname, 'README.md'), 'utf8'));
  process.exit(0);
}
for (const a of argv)
  if (!['--quick', '--no-build', '--instructions'].includes(a) && !a.startsWith('--only=')) {
    console.error(`bench: unknown argument ${a} (expected --quick, --only=W1,W2,...,N1,N2, --no-build, --instructions)`);
    process.exit(2);
  }

function envInt(name, dflt) {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) {
    console.error(`bench: ${name} must be a positive integer, not '${v}'`);
    process.exit(2);
  }
  return n;
}

// Sizes: WORKLOADS.md's baseline, or --quick's small ones; env overrides either.
const SIZES = {
  runs: envInt('BENCH_RUNS', QUICK ? 1 : 3),
  w1Blocks: envInt('W1_BLOCKS', QUICK ? 40 : 1000),
  w2Rows: envInt('W2_ROWS', QUICK ? 5000 : 100000),
  w3Blocks: envInt('W3_BLOCKS', envInt('W1_BLOCKS', QUICK ? 40 : 1000)),
  w3Windows: envInt('W3_WINDOWS', QUICK ? 200 : 2000),
  w5Blocks: envInt('W5_BLOCKS', QUICK ? 100 : 500),
  w5MemberSize: envInt('W5_MEMBER_SIZE', 64 * 1024 * 1024),
  w6Blocks: envInt('W6_BLOCKS', QUICK ? 10 : 60),
  n1Series: envInt('N1_SERIES', QUICK ? 500 : 10000),
  n1Samples: envInt('N1_SAMPLES', 100),
  n2Units: envInt('N2_UNITS', QUICK ? 500 : 10000),
  n2Spikes: envInt('N2_SPIKES', QUICK ? 50000 : 1000000),
};
const DATA = dataDir();
const SKIP_ASYNC = process.env.BENCH_ASYNC === '0';

// ---------------------------------------------------------------------------------------------------------------
// Setup: pool, dist/, the C reference

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.error) throw r.error;
  return r;
}

function buildTs() {
  if (argv.includes('--no-build') || process.env.BENCH_NO_BUILD === '1') return;
  const r = sh(process.execPath, [path.join(root, 'scripts', 'build-ts.js')], { cwd: root });
  if (r.status !== 0) {
    process.stderr.write(r.stdout + r.stderr);
    if (!fs.existsSync(path.join(root, 'dist', 'index.js'))) throw new Error('building dist/ failed');
    console.error('bench: WARNING: scripts/build-ts.js failed; using the dist/ that is there');
  }
}

/** The addon's libhdf5 facts (loaded as dist/ loads it). */
function addonInfo() {
  const r = sh(process.execPath, ['-e', `process.stdout.write(JSON.stringify(require('node-gyp-build')(${JSON.stringify(root)}).libraryInfo()))`], { cwd: root });
  if (r.status !== 0) throw new Error(`cannot load the addon: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function buildRef(info) {
  // Link against the HDF5 the addon was built with: H5NWB_HDF5 follows the addon's hdf5Linkage.
  const linkage = info.hdf5Linkage === 'system' || info.hdf5Linkage === 'bundled'
    ? info.hdf5Linkage : (process.env.H5NWB_HDF5 || 'bundled');
  const env = { ...process.env, H5NWB_HDF5: linkage };
  const cfg = (what) => {
    const r = sh(process.execPath, [path.join(root, 'scripts', 'hdf5-config.js'), what], { env, cwd: root });
    if (r.status !== 0) throw new Error(`hdf5-config.js ${what} failed: ${r.stderr}`);
    return r.stdout.trim().split(/\s+/).filter(Boolean);
  };
  const include = cfg('include').map((d) => `-I${d}`);
  const libs = cfg('libs');
  const ldflags = cfg('ldflags').filter((f) => !f.startsWith('-Wl,--exclude-libs'));
  const exe = path.join(DATA, 'h5nwb-bench-ref');
  const args = ['-O2', '-o', exe, path.join(__dirname, 'ref.c'), ...include, ...ldflags, ...libs, '-lm'];
  // The bundled (static) HDF5 needs libm/libdl/pthread/zlib: hdf5-config's libs name them as -l flags.
  const r = sh('gcc', args);
  if (r.status !== 0) throw new Error(`gcc failed:\ngcc ${args.join(' ')}\n${r.stderr}`);
  const libdirs = ldflags.filter((f) => f.startsWith('-L')).map((f) => f.slice(2));
  const runEnv = libdirs.length ? { LD_LIBRARY_PATH: [...libdirs, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') } : {};
  const v = sh(exe, ['-', 'info'], { env: { ...process.env, ...runEnv } });
  const m = /hdf5=(\S+) threadsafe=(\d)/.exec(v.stdout);
  if (!m) throw new Error(`the C reference does not run: ${v.stderr}`);
  if (m[1] !== info.hdf5Version)
    throw new Error(`the C reference links HDF5 ${m[1]} but the addon uses ${info.hdf5Version} (${linkage})`);
  return { exe, linkage, version: m[1], threadsafe: m[2] === '1', runEnv, cmdline: `gcc ${args.join(' ')}` };
}

// ---------------------------------------------------------------------------------------------------------------
// Cases

let REF; // { exe, runEnv }
let POOL;
const H5NWB_JS = path.join(__dirname, 'h5nwb.js');
const NWB_JS = path.join(__dirname, 'nwb.js');
const F = (name) => path.join(DATA, name);

/** One measurement: which program, which command, and how it is labelled. */
function cCase(impl, cmd, kv) {
  return { impl, prog: 'c', cmd, kv, pretouch: writeBytes(cmd, kv) };
}
function nodeCase(impl, cmd, kv) {
  const mode = impl === 'h5nwb-async' ? 'async' : 'sync';
  return { impl, prog: 'node', cmd, kv: impl.startsWith('h5nwb') ? { mode, ...kv } : kv, pretouch: writeBytes(cmd, kv) };
}
/** Bytes a case writes into the page cache (payload + 10 % + 64 MiB for metadata and padding), for pretouch(). */
function writeBytes(cmd, kv) {
  if (cmd !== 'append' && cmd !== 'raw-write') return 0;
  return Math.ceil(kv.appends * kv.rows * 384 * 2 * 1.1) + (64 << 20);
}

/**
 * These machines are VMs whose kernel hands free memory back to the host (free page reporting): a page cache
 * page taken from memory that sat free for a couple of seconds costs a hypervisor fault, which made the same
 * write run 4-5x slower depending on what ran before it. Before a case that writes `bytes` into the page cache,
 * write and delete a scratch file of that size (untimed), so that the case gets pages the host still backs and
 * its figure measures the library and the page cache, not the hypervisor. BENCH_PRETOUCH=0 turns this off.
 */
const PRETOUCH = process.env.BENCH_PRETOUCH !== '0';
const PRETOUCH_BUF = Buffer.alloc(8 << 20, 7);
function pretouch(bytes) {
  if (!PRETOUCH || !(bytes > 0)) return;
  const scratch = F('pretouch.tmp');
  const fd = fs.openSync(scratch, 'w');
  try {
    for (let done = 0; done < bytes; done += PRETOUCH_BUF.length) fs.writeSync(fd, PRETOUCH_BUF);
  } finally {
    fs.closeSync(fd);
    fs.rmSync(scratch, { force: true });
  }
}

function runCase(c) {
  pretouch(c.pretouch);
  const kvs = Object.entries(c.kv).map(([k, v]) => `${k}=${v}`);
  const r = c.prog === 'c'
    ? sh(REF.exe, [POOL, c.cmd, ...kvs], { env: { ...process.env, ...REF.runEnv } })
    : sh(process.execPath, [c.prog === 'nwb' ? NWB_JS : H5NWB_JS, c.cmd, ...kvs], { env: { ...process.env, DATA } });
  const lines = (r.stdout || '').split('\n').filter((l) => l.startsWith('RESULT '));
  if (r.status !== 0 || lines.length === 0) {
    const msg = `FAIL impl=${c.impl} wl=${c.kv.wl} variant=${c.kv.variant} status=${r.status}: ${(r.stderr || '').trim().split('\n').slice(-3).join(' | ')}`;
    console.log(msg);
    failures.push(msg);
    return [];
  }
  return lines.map((l) => {
    console.log(l);
    return parseResult(l);
  });
}

function parseResult(line) {
  const o = {};
  for (const part of line.split(' ').slice(1)) {
    const i = part.indexOf('=');
    o[part.slice(0, i)] = part.slice(i + 1);
  }
  o.value = Number(o.value);
  return o;
}

function rm(...names) {
  for (const n of names) fs.rmSync(n, { force: true });
}
function rmFamily(pattern) {
  for (let i = 0; i < 1000; i++) {
    const p = pattern.replace('%d', String(i));
    if (!fs.existsSync(p)) break;
    rm(p);
  }
}

const failures = [];
const results = []; // { run, wl, variant, impl, metric, value, check, ... }

/**
 * Runs `cases` once for run number `run`, rotating the order run by run so drift hits all implementations, and
 * reversing it every other run so that no case always follows the same one (a case can be slowed by what the
 * one before it left behind: its deleted file, its dirty pages).
 */
function runRound(run, cases, after, rotate = true) {
  const k = rotate && cases.length ? run % cases.length : 0;
  const order = cases.slice(k).concat(cases.slice(0, k));
  if (rotate && run % 2 === 1) order.reverse();
  for (const c of order) {
    for (const r of runCase(c)) results.push({ ...r, run });
    if (after) after(c);
  }
}

const IMPLS_H5 = SKIP_ASYNC ? ['h5nwb-sync'] : ['h5nwb-sync', 'h5nwb-async'];

// W1 stream-append ------------------------------------------------------------------------------------------------
function w1Cases() {
  const B = SIZES.w1Blocks;
  const file = F('w1.h5');
  const raw = F('w1.raw');
  const cases = [];
  for (const chunk of [8192, 1024])
    for (const fsync of [0, 1]) {
      const v = `chunk${chunk}${fsync ? '+fsync' : ''}`;
      const kv = { wl: 'W1', file, appends: B, rows: 1000, chunk, fsync };
      // One group per variant: C, h5nwb sync, h5nwb async side by side.
      cases.push(cCase('c-libhdf5', 'append', { ...kv, variant: v }));
      for (const impl of IMPLS_H5) cases.push(nodeCase(impl, 'append', { ...kv, variant: v }));
      if (chunk === 8192) {
        // The chunk cache rule question: h5nwb with libhdf5's default cache, C with the rule's cache.
        cases.push(nodeCase('h5nwb-sync', 'append', { ...kv, variant: `${v}+cache1M`, cache: 'default' }));
        cases.push(cCase('c-libhdf5', 'append', { ...kv, variant: `${v}+rulecache`, cache: 'rule' }));
      }
    }
  cases.push(cCase('c-libhdf5', 'append', { wl: 'W1', file, appends: B, rows: 1000, chunk: 8192, latest: 1, variant: 'chunk8192+latest' }));
  for (const fsync of [0, 1]) {
    const v = fsync ? 'write+fsync' : 'write';
    cases.push(cCase('c-raw', 'raw-write', { wl: 'W1', variant: v, file: raw, appends: B, rows: 1000, fsync }));
    cases.push(nodeCase('node-raw', 'raw-write', { wl: 'W1', variant: v, file: raw, appends: B, rows: 1000, fsync }));
  }
  cases.push(cCase('c-raw', 'memcpy', { wl: 'W1', variant: 'memcpy', appends: B }));
  return { cases, after: () => rm(file, raw), cleanup: () => rm(file, raw) };
}

// W2 tiny-append ---------------------------------------------------------------------------------------------------
function w2Cases() {
  const N = SIZES.w2Rows;
  const file = F('w2.h5');
  const raw = F('w2.raw');
  const base = { wl: 'W2', file, appends: N, rows: 1, metric: 'appends/s' };
  const cases = [];
  for (const chunk of [8192, 1024]) {
    const v = `chunk${chunk}`;
    cases.push(cCase('c-libhdf5', 'append', { ...base, chunk, variant: v }));
    for (const impl of IMPLS_H5) cases.push(nodeCase(impl, 'append', { ...base, chunk, variant: v }));
    // The same appends after two untimed runs in the same process, C and h5nwb alike: a long-running writer.
    cases.push(cCase('c-libhdf5', 'append', { ...base, chunk, variant: `${v}-warm`, warm: 2 }));
    for (const impl of IMPLS_H5) cases.push(nodeCase(impl, 'append', { ...base, chunk, variant: `${v}-warm`, warm: 2 }));
    // C making h5nwb's extra per-append libhdf5 calls, and h5nwb's addon called without lib/h5: together they
    // split h5nwb's per-append cost into libhdf5 / extra libhdf5 calls / N-API and addon / TypeScript layer.
    cases.push(cCase('c-libhdf5', 'append', { ...base, chunk, variant: `${v}+mirror`, mirror: 1 }));
    if (chunk === 1024) cases.push(nodeCase('h5nwb-sync', 'append', { ...base, chunk, variant: `${v}+direct`, direct: 1 }));
    // The cheapest awaited append there can be: the sync append and one await of its result (no promise made by
    // h5nwb). Against the sync form it shows what awaiting each append costs in V8, whatever appendAsync does.
    if (chunk === 1024) cases.push(nodeCase('h5nwb-async', 'append', { ...base, chunk, variant: `${v}+awaitfloor`, floor: 1 }));
    if (chunk === 8192) {
      cases.push(nodeCase('h5nwb-sync', 'append', { ...base, chunk, variant: `${v}+cache1M`, cache: 'default' }));
      cases.push(cCase('c-libhdf5', 'append', { ...base, chunk, variant: `${v}+rulecache`, cache: 'rule' }));
      cases.push(cCase('c-libhdf5', 'append', { ...base, chunk, variant: `${v}+latest`, latest: 1 }));
    }
  }
  cases.push(cCase('c-raw', 'raw-write', { ...base, file: raw, variant: 'write768' }));
  cases.push(nodeCase('node-raw', 'raw-write', { ...base, file: raw, variant: 'write768' }));
  return { cases, after: () => rm(file, raw), cleanup: () => rm(file, raw) };
}

// W3 slice-read ----------------------------------------------------------------------------------------------------
function w3Cases() {
  const B = SIZES.w3Blocks;
  const file = F('w3.h5');
  const raw = F('w3.raw');
  const setup = () => {
    // The input: the W1 file (chunk8192, B blocks) written by C-libhdf5, and a raw file of the same rows.
    const a = runCase(cCase('c-libhdf5', 'append', { wl: 'W3-setup', variant: 'chunk8192', file, appends: B, rows: 1000, chunk: 8192 }));
    const b = runCase(cCase('c-raw', 'raw-write', { wl: 'W3-setup', variant: 'write', file: raw, appends: B, rows: 1000 }));
    if (!a.length || !b.length) throw new Error('W3 setup failed');
  };
  const kv = { wl: 'W3', file, windows: SIZES.w3Windows, chunk: 8192 };
  const cases = [
    cCase('c-libhdf5', 'windows', { ...kv, variant: 'windows' }),
    ...IMPLS_H5.map((impl) => nodeCase(impl, 'windows', { ...kv, variant: 'windows' })),
    // The same reads after two untimed passes in the same process (each implementation alike): the steady state
    // of a long-running reader, where V8 has compiled the loop (see README, "W3 warm").
    cCase('c-libhdf5', 'windows', { ...kv, variant: 'windows-warm', warm: 2 }),
    ...IMPLS_H5.map((impl) => nodeCase(impl, 'windows', { ...kv, variant: 'windows-warm', warm: 2 })),
    cCase('c-libhdf5', 'windows', { ...kv, variant: 'windows+rulecache', cache: 'rule' }),
    cCase('c-raw', 'raw-pread', { wl: 'W3', variant: 'pread-windows', file: raw, windows: SIZES.w3Windows }),
    nodeCase('node-raw', 'raw-pread', { wl: 'W3', variant: 'pread-windows', file: raw, windows: SIZES.w3Windows }),
    cCase('c-raw', 'raw-seqread', { wl: 'W3', variant: 'seqread', file: raw }),
  ];
  return { setup, cases, cleanup: () => rm(file, raw) };
}

// W4 link fan-in ---------------------------------------------------------------------------------------------------
function w4Cases() {
  const kv = { wl: 'W4', dir: DATA };
  const cases = [
    cCase('c-libhdf5', 'w4-src', { ...kv, variant: 'src_create' }),
    nodeCase('h5nwb-sync', 'w4-src', { ...kv, variant: 'src_create' }),
    cCase('c-libhdf5', 'w4-links', { ...kv, variant: 'create_links' }),
    nodeCase('h5nwb-sync', 'w4-links', { ...kv, variant: 'create_links' }),
  ];
  for (const efc of [0, 16]) {
    const v = efc ? 'open_read_all+efc' : 'open_read_all';
    cases.push(cCase('c-libhdf5', 'w4-read', { ...kv, variant: v, efc }));
    for (const impl of IMPLS_H5) cases.push(nodeCase(impl, 'w4-read', { ...kv, variant: v, efc }));
  }
  const cleanup = () => {
    rm(F('w4_links.h5'));
    for (let i = 0; i < 10; i++) rm(F(`w4_src${i}.h5`));
  };
  // The reads need the files: the create cases run first in every round (no rotation across the two phases).
  return { cases, cleanup, noRotate: true };
}

// W5 family driver -------------------------------------------------------------------------------------------------
function w5Cases() {
  const file = F('w5_fam%d.h5');
  const kv = { wl: 'W5', file, family: SIZES.w5MemberSize, chunk: 8192 };
  const pairs = [['c-libhdf5', cCase], ...IMPLS_H5.map((i) => [i, nodeCase])];
  // write then read with the same implementation (one pair per implementation; pairs rotate run by run)
  const cases = pairs.map(([impl, mk]) => [
    mk(impl, 'append', { ...kv, variant: 'write', appends: SIZES.w5Blocks, rows: 1000 }),
    mk(impl, 'seqread', { ...kv, variant: 'read', blocks: SIZES.w5Blocks }),
  ]);
  return { cases, grouped: true, after: (c) => c.cmd === 'seqread' && rmFamily(file), cleanup: () => rmFamily(file) };
}

// W6 gzip ----------------------------------------------------------------------------------------------------------
function w6Cases() {
  const file = F('w6.h5');
  const kv = { wl: 'W6', file, appends: SIZES.w6Blocks, rows: 1000, chunk: 8192, deflate: 4 };
  const big = `12421:${64 * 1024 * 1024}:1.0`;
  const cases = [
    cCase('c-libhdf5', 'append', { ...kv, variant: 'gzip4' }),
    nodeCase('h5nwb-sync', 'append', { ...kv, variant: 'gzip4' }),
    nodeCase('h5nwb-sync', 'append', { ...kv, variant: 'gzip4+cache1M', cache: 'default' }),
    cCase('c-libhdf5', 'append', { ...kv, variant: 'gzip4+cache64M', cache: big }),
    nodeCase('h5nwb-sync', 'append', { ...kv, variant: 'gzip4+cache64M', cache: big }),
    cCase('c-libhdf5', 'append', { ...kv, variant: 'gzip4+rulecache', cache: 'rule' }),
  ];
  return { cases, after: () => rm(file), cleanup: () => rm(file) };
}

// N1 / N2 NWB layer vs the same h5-level calls (issue #4) ----------------------------------------------------------
const IMPLS_NWB = ['nwb', 'h5-direct'];

/** One NWB-workload measurement (bench/nwb.js); writes pre-touch about the file's size (see pretouch()). */
function nwbCase(impl, cmd, kv, bytes) {
  return { impl, prog: 'nwb', cmd, kv: { impl, ...kv }, pretouch: cmd.endsWith('-write') ? bytes + (64 << 20) : 0 };
}

/** Write then read with the same implementation, as one unit; the units rotate run by run (as W5). */
function nwbCases(wl, sizeKv, bytes) {
  const file = F(`${wl.toLowerCase()}.nwb`);
  const cmd = wl.toLowerCase();
  const warmFile = F(`${wl.toLowerCase()}-warm.nwb`);
  const cases = IMPLS_NWB.map((impl) => [
    nwbCase(impl, `${cmd}-write`, { wl, variant: 'write', file, ...sizeKv }, bytes),
    nwbCase(impl, `${cmd}-read`, { wl, variant: 'read', file }, bytes),
    // The same write after two untimed ones in the same process (write-warm): a service's second and later
    // files, with the code compiled; 'write' is a fresh process's first file.
    nwbCase(impl, `${cmd}-write`, { wl, variant: 'write-warm', file: warmFile, warm: 2, ...sizeKv }, bytes),
  ]);
  return {
    cases,
    grouped: true,
    after: (c) => (c.kv.variant === 'read' ? rm(file) : c.kv.variant === 'write-warm' ? rm(warmFile) : undefined),
    cleanup: () => (rm(file), rm(warmFile)),
  };
}

function n1Cases() {
  const { n1Series: series, n1Samples: samples } = SIZES;
  // Payload plus about 3 KB of metadata per series.
  return nwbCases('N1', { series, samples }, series * (samples * 8 + 3072));
}

function n2Cases() {
  const { n2Units: units, n2Spikes: spikes } = SIZES;
  return nwbCases('N2', { units, spikes }, spikes * 8 + units * 12);
}

const WORKLOADS = { W1: w1Cases, W2: w2Cases, W3: w3Cases, W4: w4Cases, W5: w5Cases, W6: w6Cases, N1: n1Cases, N2: n2Cases };
const NWB_WORKLOADS = ['N1', 'N2'];

// ---------------------------------------------------------------------------------------------------------------
// Statistics and the summary

function median(a) {
  const s = a.slice().sort((x, y) => x - y);
  const n = s.length;
  if (!n) return NaN;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

function fmtNum(v) {
  if (!Number.isFinite(v)) return 'n/a';
  const a = Math.abs(v);
  if (a >= 1e5) return `${(v / 1e3).toFixed(1)}k`;
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toFixed(3);
}

const key = (r) => `${r.wl}|${r.variant}|${r.impl}`;

function groupResults() {
  const g = new Map();
  for (const r of results) {
    if (r.wl === 'W3-setup') continue;
    const k = key(r);
    if (!g.has(k)) g.set(k, { wl: r.wl, variant: r.variant, impl: r.impl, metric: r.metric, byRun: new Map(), rows: [] });
    const e = g.get(k);
    e.byRun.set(r.run, r.value);
    e.rows.push(r);
  }
  return g;
}

function stat(e) {
  const vals = [...e.byRun.values()];
  return { med: median(vals), min: Math.min(...vals), max: Math.max(...vals), n: vals.length };
}

/** Speed ratio a/b from the same runs: values are rates, or seconds (then b/a). Median over runs. */
function sameRunRatio(a, b) {
  if (!a || !b) return NaN;
  const lowerBetter = a.metric === 's';
  const rs = [];
  for (const [run, va] of a.byRun) {
    const vb = b.byRun.get(run);
    if (vb === undefined) continue;
    rs.push(lowerBetter ? vb / va : va / vb);
  }
  return median(rs);
}

/** Which C-libhdf5 and raw figures each h5nwb figure is compared with. */
function counterparts(e) {
  const strip = (v) => v.replace(/\+cache1M$/, '');
  const v = e.variant;
  let c = v;
  if (/\+cache1M$/.test(v)) c = strip(v); // same cache as C's default
  if (/\+(direct|awaitfloor)$/.test(v)) c = v.replace(/\+(direct|awaitfloor)$/, '');
  let raw = null;
  let rawImpl = 'node-raw';
  if (e.wl === 'W1') raw = /fsync/.test(v) ? 'write+fsync' : 'write';
  if (e.wl === 'W2') raw = 'write768';
  if (e.wl === 'W3') raw = 'pread-windows';
  return { c, raw, rawImpl };
}

function printSummary(groups) {
  const lines = [];
  const head = ['wl', 'variant', 'impl', 'metric', 'median [min-max]', 'C-libhdf5', 'h5nwb/C', 'raw (node)', 'h5nwb/raw', 'async/sync',
    'lag p99 ms'];
  const rows = [];
  for (const e of groups.values()) {
    if (!e.impl.startsWith('h5nwb')) continue;
    const s = stat(e);
    const cp = counterparts(e);
    const cE = groups.get(`${e.wl}|${cp.c}|c-libhdf5`);
    const rE = cp.raw ? groups.get(`${e.wl}|${cp.raw}|${cp.rawImpl}`) : null;
    const lags = e.rows.map((r) => Number(r.lag_p99_ms)).filter(Number.isFinite);
    // The async form against the sync form of the same case (issue #2 asks for at least 0.9).
    const sE = e.impl === 'h5nwb-async' ? groups.get(`${e.wl}|${e.variant.replace(/\+awaitfloor$/, '')}|h5nwb-sync`) : null;
    rows.push([
      e.wl, e.variant, e.impl, e.metric,
      `${fmtNum(s.med)} [${fmtNum(s.min)}-${fmtNum(s.max)}]`,
      cE ? `${fmtNum(stat(cE).med)}${cp.c !== e.variant ? ` (${cp.c})` : ''}` : 'n/a',
      cE ? sameRunRatio(e, cE).toFixed(2) : 'n/a',
      rE ? fmtNum(stat(rE).med) : 'n/a',
      rE ? sameRunRatio(e, rE).toFixed(2) : 'n/a',
      sE ? sameRunRatio(e, sE).toFixed(2) : '',
      lags.length ? fmtNum(median(lags)) : '',
    ]);
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const fmtRow = (r) => r.map((x, i) => String(x).padEnd(widths[i])).join('  ').trimEnd();
  lines.push(fmtRow(head));
  lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) lines.push(fmtRow(r));
  return lines.join('\n');
}

/**
 * The chunk cache rule question (native/core/plist.cc ChooseChunkCache): for each variant whose chunks the rule
 * touches, C and h5nwb with libhdf5's default cache vs with the rule's cache (and 64 MiB where measured).
 */
function printCacheRule(groups) {
  const g = (wl, v, impl) => groups.get(`${wl}|${v}|${impl}`);
  const m = (e) => (e ? fmtNum(stat(e).med) : 'n/a');
  const r = (a, b) => (a && b ? sameRunRatio(a, b).toFixed(2) : 'n/a');
  const head = ['wl', 'variant', 'C default', 'C rule', 'C 64M', 'h5nwb default', 'h5nwb rule', 'h5nwb 64M',
    'C rule/default', 'h5nwb rule/default', 'h5nwb 64M/default'];
  const rows = [];
  for (const [wl, v] of [['W1', 'chunk8192'], ['W1', 'chunk8192+fsync'], ['W2', 'chunk8192'], ['W6', 'gzip4']]) {
    const cD = g(wl, v, 'c-libhdf5');
    const cR = g(wl, `${v}+rulecache`, 'c-libhdf5');
    const c64 = g(wl, `${v}+cache64M`, 'c-libhdf5');
    const hD = g(wl, `${v}+cache1M`, 'h5nwb-sync');
    const hR = g(wl, v, 'h5nwb-sync');
    const h64 = g(wl, `${v}+cache64M`, 'h5nwb-sync');
    if (!cD && !hR) continue;
    rows.push([wl, v, m(cD), m(cR), m(c64), m(hD), m(hR), m(h64), r(cR, cD), r(hR, hD), r(h64, hD)]);
  }
  if (!rows.length) return '(no cache-rule variants ran)';
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((x) => String(x[i]).length)));
  const fmtRow = (x) => x.map((y, i) => String(y).padEnd(widths[i])).join('  ').trimEnd();
  return [fmtRow(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmtRow)].join('\n');
}

/** W2: microseconds per append, split into layers (medians; the cache is libhdf5's default everywhere). */
function printAppendBreakdown(groups) {
  const us = (wl, v, impl) => {
    const e = groups.get(`${wl}|${v}|${impl}`);
    return e ? 1e6 / stat(e).med : NaN;
  };
  const lines = [];
  for (const [v, h5v] of [['chunk1024', 'chunk1024'], ['chunk8192', 'chunk8192+cache1M']]) {
    const c = us('W2', v, 'c-libhdf5');
    if (!Number.isFinite(c)) continue;
    const mirror = us('W2', `${v}+mirror`, 'c-libhdf5');
    const direct = us('W2', `${v}+direct`, 'h5nwb-sync');
    const api = us('W2', h5v, 'h5nwb-sync');
    const asy = us('W2', v, 'h5nwb-async');
    const floor = us('W2', `${v}+awaitfloor`, 'h5nwb-async');
    const f = (x) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
    const d = (a, b) => (Number.isFinite(a) && Number.isFinite(b) ? `${a - b >= 0 ? '+' : ''}${(a - b).toFixed(2)}` : 'n/a');
    // The addon no longer makes the calls +mirror adds (it keeps the dataspace on the handle): direct and API
    // figures are compared with plain C.
    lines.push(`W2 ${v} (us/append): C ${f(c)} | C+mirror ${f(mirror)} (${d(mirror, c)} the extra libhdf5 calls the addon used to make)` +
      (Number.isFinite(direct) ? ` | addon direct ${f(direct)} (${d(direct, c)} N-API + addon)` : '') +
      ` | h5nwb API ${f(api)} (${d(api, Number.isFinite(direct) ? direct : c)} ${Number.isFinite(direct) ? 'lib/h5' : 'N-API + addon + lib/h5'})` +
      (v === 'chunk1024' || h5v === v ? '' : ` [h5nwb with the default cache: ${h5v}]`) +
      ` | async ${f(asy)}${v === 'chunk8192' ? ' (rule cache)' : ''}` +
      (Number.isFinite(floor) ? ` | await floor ${f(floor)} (${d(floor, api)} over the sync append: one await of its result)` : ''));
  }
  return lines.length ? lines.join('\n') : '(W2 did not run)';
}

/** N1/N2: the NWB layer's time against the same h5-level calls made directly, write and read. */
function printNwbSummary(groups) {
  const head = ['wl', 'variant', 'nwb s median [min-max]', 'h5-direct s median [min-max]', 'nwb/h5-direct', 'nwb build s', 'verdict'];
  const rows = [];
  for (const wl of NWB_WORKLOADS)
    for (const v of ['write', 'write-warm', 'read']) {
      const a = groups.get(`${wl}|${v}|nwb`);
      const b = groups.get(`${wl}|${v}|h5-direct`);
      if (!a && !b) continue;
      const m = (e) => {
        if (!e) return 'n/a';
        const s = stat(e);
        return `${s.med.toFixed(3)} [${s.min.toFixed(3)}-${s.max.toFixed(3)}]`;
      };
      const rs = [];
      if (a && b) for (const [run, va] of a.byRun) if (b.byRun.has(run)) rs.push(va / b.byRun.get(run));
      const ratio = median(rs);
      const builds = a ? a.rows.map((r) => Number(r.build_s)).filter(Number.isFinite) : [];
      rows.push([wl, v, m(a), m(b), Number.isFinite(ratio) ? ratio.toFixed(2) : 'n/a', builds.length ? median(builds).toFixed(3) : '',
        Number.isFinite(ratio) ? (ratio <= 2 ? 'ok (<= 2)' : 'ABOVE 2') : '']);
    }
  if (!rows.length) return '(N1/N2 did not run)';
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((x) => String(x[i]).length)));
  const fmtRow = (x) => x.map((y, i) => String(y).padEnd(widths[i])).join('  ').trimEnd();
  return [fmtRow(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmtRow)].join('\n');
}

function printAll(groups) {
  const lines = [];
  const sorted = [...groups.values()].sort((a, b) =>
    a.wl.localeCompare(b.wl) || a.variant.localeCompare(b.variant) || a.impl.localeCompare(b.impl));
  for (const e of sorted) {
    const s = stat(e);
    const extra = [];
    const first = e.rows[0];
    for (const k of ['check', 'members', 'filesize']) if (first[k] !== undefined) extra.push(`${k}=${first[k]}`);
    const lags = e.rows.map((r) => Number(r.lag_p99_ms)).filter(Number.isFinite);
    if (lags.length) extra.push(`lag_p99_ms=${fmtNum(median(lags))}`);
    lines.push(`MEDIAN wl=${e.wl} variant=${e.variant} impl=${e.impl} metric=${e.metric} median=${fmtNum(s.med)} min=${fmtNum(s.min)} max=${fmtNum(s.max)} runs=${s.n} ${extra.join(' ')}`.trimEnd());
  }
  return lines.join('\n');
}

/** W3/W4/W5-read check values must agree between implementations (and W4's with the known value). */
function checkAgreement() {
  const bad = [];
  const byWl = new Map();
  for (const r of results) {
    if (r.check === undefined || r.wl === 'W3-setup') continue;
    const k = r.wl;
    if (!byWl.has(k)) byWl.set(k, new Map());
    const m = byWl.get(k);
    const c = String(r.check);
    if (!m.has(c)) m.set(c, []);
    m.get(c).push(`${r.impl}/${r.variant}/run${r.run}`);
  }
  const lines = [];
  for (const [wl, m] of byWl) {
    if (m.size === 1 && !(wl === 'W4' && ![...m.keys()].every((c) => Number(c) === 90909999))) {
      lines.push(`CHECK wl=${wl} ok: all ${[...m.values()][0].length} results agree, check=${[...m.keys()][0]}`);
    } else {
      const detail = [...m.entries()].map(([c, who]) => `check=${c} from ${who.slice(0, 4).join(',')}${who.length > 4 ? ',...' : ''}`);
      const msg = `MISMATCH wl=${wl}: ${detail.join(' ; ')}${wl === 'W4' ? ' (expected 90909999.000)' : ''}`;
      lines.push(msg);
      bad.push(msg);
    }
  }
  return { lines, bad };
}

// ---------------------------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------------------------
// --instructions: W2's appends counted in instructions (valgrind's callgrind), which unlike seconds come out the
// same on every run whatever else the machine does. Each program runs at two sizes; the difference divided by the
// difference in appends is the cost of one append, without start-up (Node's included) and file creation.

const INSTR_SIZES = [10000, 30000];

function countInstructions(exe, args, env) {
  // --smc-check=all-non-file: V8 writes and rewrites machine code at run time; valgrind must notice.
  const r = sh('valgrind', ['--tool=callgrind', '--smc-check=all-non-file', '--callgrind-out-file=/dev/null', exe, ...args], { env });
  const m = /Collected\s*:\s*(\d+)/.exec(r.stderr || '');
  if (r.status !== 0 || !m) throw new Error(`valgrind ${path.basename(exe)} ${args.join(' ')} failed (status ${r.status}): ${(r.stderr || '').trim().split('\n').slice(-3).join(' | ')}`);
  return Number(m[1]);
}

function instructionStudy(info) {
  const v = spawnSync('valgrind', ['--version'], { encoding: 'utf8' });
  if (v.error || v.status !== 0) {
    console.error('bench: --instructions needs valgrind (Debian package valgrind)');
    process.exit(2);
  }
  POOL = ensurePool();
  REF = buildRef(info);
  console.log(`# h5nwb bench --instructions ${new Date().toISOString()}; ${v.stdout.trim()}; node ${process.version}`);
  console.log(`# addon: sourceHash ${info.sourceHash}, HDF5 ${info.hdf5Version} (${info.hdf5Linkage}); C reference: ${REF.cmdline}`);
  console.log(`# W2 one-row appends at ${INSTR_SIZES.join(' and ')} appends per program; instructions per append = difference / ${INSTR_SIZES[1] - INSTR_SIZES[0]}`);
  const file = F('instr.h5');
  const impls = [
    ['c-libhdf5', {}],
    ['h5nwb-direct', { direct: 1 }], // the addon's datasetAppend called without lib/h5
    ['h5nwb-sync', {}],
  ];
  const lines = [];
  for (const chunk of [1024, 8192]) {
    const per = {};
    for (const [impl, extra] of impls) {
      const counts = INSTR_SIZES.map((n) => {
        const kv = { wl: 'W2', file, appends: n, rows: 1, metric: 'appends/s', chunk, variant: `chunk${chunk}`, ...extra };
        const kvs = Object.entries(kv).map(([k, x]) => `${k}=${x}`);
        return impl === 'c-libhdf5'
          ? countInstructions(REF.exe, [POOL, 'append', ...kvs], { ...process.env, ...REF.runEnv })
          : countInstructions(process.execPath, [H5NWB_JS, 'append', 'mode=sync', ...kvs], { ...process.env, DATA });
      });
      fs.rmSync(file, { force: true });
      per[impl] = (counts[1] - counts[0]) / (INSTR_SIZES[1] - INSTR_SIZES[0]);
      const c = per['c-libhdf5'];
      lines.push(`W2  chunk${chunk}  ${impl.padEnd(12)}  ${per[impl].toFixed(0).padStart(8)}  ${(c / per[impl]).toFixed(3)}`);
      console.log(`# ${lines[lines.length - 1]}`);
    }
  }
  console.log('\n## instructions per append (C/h5nwb > 1: h5nwb runs fewer instructions than the C reference)');
  console.log('wl  variant    impl          instr/append  C/impl\n' + lines.join('\n'));
}

function main() {
  const t0 = Date.now();
  if (INSTRUCTIONS) {
    fs.mkdirSync(DATA, { recursive: true });
    buildTs();
    instructionStudy(addonInfo());
    return;
  }
  fs.mkdirSync(DATA, { recursive: true });
  const unknown = ONLY.filter((w) => !WORKLOADS[w]);
  if (unknown.length) {
    console.error(`bench: unknown workload(s) ${unknown.join(', ')} (expected ${Object.keys(WORKLOADS).join(', ')})`);
    process.exit(2);
  }
  const selected = Object.keys(WORKLOADS).filter((w) => !ONLY.length || ONLY.includes(w));
  // The pool and the C reference serve the W workloads only (N1/N2 compare the NWB layer with lib/h5).
  const needRef = selected.some((w) => !NWB_WORKLOADS.includes(w));
  if (needRef) POOL = ensurePool();
  buildTs();
  const info = addonInfo();
  if (needRef) REF = buildRef(info);
  console.log(`# h5nwb bench ${QUICK ? '(--quick) ' : ''}${new Date().toISOString()} on ${os.cpus().length} cpu(s), node ${process.version}`);
  console.log(`# addon: sourceHash ${info.sourceHash}, HDF5 ${info.hdf5Version} (${info.hdf5Linkage}, threadsafe ${info.threadsafe}); ${REF ? `C reference: HDF5 ${REF.version} (${REF.linkage}), ${REF.cmdline}` : 'no C reference (N workloads only)'}`);
  console.log(`# data: ${DATA}; runs=${SIZES.runs}; sizes: W1 ${SIZES.w1Blocks} blocks, W2 ${SIZES.w2Rows} rows, W3 ${SIZES.w3Windows} windows on ${SIZES.w3Blocks} blocks, W5 ${SIZES.w5Blocks} blocks, W6 ${SIZES.w6Blocks} blocks, N1 ${SIZES.n1Series} series x ${SIZES.n1Samples} samples, N2 ${SIZES.n2Units} units / ${SIZES.n2Spikes} spikes`);
  console.log(`# workloads: ${selected.join(' ')}`);

  for (const wl of selected) {
    const def = WORKLOADS[wl]();
    console.log(`\n## ${wl}`);
    try {
      if (def.setup) def.setup();
      for (let run = 0; run < SIZES.runs; run++) {
        if (def.grouped) {
          // Units of several cases (W5: write then read) rotate as units.
          const k = run % def.cases.length;
          const order = def.cases.slice(k).concat(def.cases.slice(0, k));
          for (const unit of order) runRound(run, unit, def.after, false);
        } else if (def.noRotate) {
          runRound(run, def.cases, def.after, false);
        } else {
          runRound(run, def.cases, def.after);
        }
      }
    } catch (e) {
      const msg = `FAIL wl=${wl}: ${e.message}`;
      console.log(msg);
      failures.push(msg);
    } finally {
      if (def.cleanup) def.cleanup();
    }
  }

  const groups = groupResults();
  console.log('\n## medians\n' + printAll(groups));
  console.log('\n## summary: h5nwb vs C-libhdf5 and raw (ratios are speed ratios, median of same-run ratios; >1 = h5nwb faster)');
  console.log(printSummary(groups));
  console.log('\n## chunk cache rule: libhdf5 default cache (1 MiB, 521 slots, w0 0.75) vs the rule (filtered chunked datasets only: twice the chunks one append touches, at least 1 MiB, at most 64 MiB or two chunks, w0 1.0; unfiltered keep the default), h5nwb-sync and C, same-run speed ratios');
  console.log(printCacheRule(groups));
  console.log('\n## W2 per-append cost by layer (medians)');
  console.log(printAppendBreakdown(groups));
  console.log('\n## NWB layer vs the same h5-level calls made directly (issue #4: nwb/h5-direct at most 2; time ratios, median of same-run ratios; <1 = NWB faster)');
  console.log(printNwbSummary(groups));
  const after = addonInfo();
  if (after.sourceHash !== info.sourceHash)
    console.log(`# WARNING: the addon changed during the run (sourceHash ${info.sourceHash} -> ${after.sourceHash}); results mix builds`);
  const chk = checkAgreement();
  console.log('\n## checks\n' + chk.lines.join('\n'));
  const out = path.join(DATA, `bench-results-${new Date().toISOString().replace(/[:.]/g, '-')}.txt`);
  fs.writeFileSync(out, results.map((r) => JSON.stringify(r)).join('\n') + '\n');
  console.log(`\n# ${results.length} results in ${((Date.now() - t0) / 1000).toFixed(0)} s; raw data: ${out}`);
  if (failures.length) console.log(`# ${failures.length} failure(s):\n${failures.join('\n')}`);
  if (chk.bad.length || failures.length) process.exit(1);
}

main();
