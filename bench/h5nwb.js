'use strict';
// The h5nwb side of the benchmark (see bench/README.md and WORKLOADS.md): the workloads through the h5nwb API,
// in sync and async forms, plus the node-raw counterparts (fs.writeSync / fs.readSync with a position).
//
//   node bench/h5nwb.js COMMAND key=value...
//
// Commands and keys mirror bench/ref.c (run.js drives both): append, windows, seqread, w4-src, w4-links, w4-read,
// raw-write, raw-pread. mode=sync|async picks the h5nwb form. Each run prints one RESULT line on stdout.
// Async runs add lag_p99_ms / lag_max_ms: the event loop's delay (perf_hooks.monitorEventLoopDelay) while the
// workload ran, i.e. how long the JS thread was blocked at worst.
const fs = require('fs');
const path = require('path');
const { performance, monitorEventLoopDelay } = require('perf_hooks');
const { alignedBuffer, loadPool, fmix32, CH, ROWS: POOL_ROWS } = require('./pool');
const { commandLine, fmt, fileSize } = require('./cli');

const root = path.resolve(__dirname, '..');
const h5 = require(path.join(root, 'dist'));
const { File } = h5;
// libhdf5 start-up happens here, outside the timed region (the C reference calls H5open() before timing).
h5.libraryInfo();

const WIN_ROWS = 1000;

const { cmd, args, need, num } = commandLine();

const mode = args.mode || 'sync';
if (mode !== 'sync' && mode !== 'async') throw new Error(`mode must be sync or async, not ${mode}`);
const IMPL = `h5nwb-${mode}`;
// poll=µs: the async operations' poll budget (asyncPolling; 0 = off) for this run; default: the library's.
if (args.poll !== undefined) h5.asyncPolling(Number(args.poll));

function result(impl, metric, value, seconds, extra = {}) {
  const parts = [
    'RESULT', `impl=${impl}`, `wl=${need('wl')}`, `variant=${need('variant')}`, `metric=${metric}`,
    `value=${fmt(value)}`, `seconds=${seconds.toFixed(6)}`,
  ];
  for (const [k, v] of Object.entries(extra)) parts.push(`${k}=${v}`);
  process.stdout.write(parts.join(' ') + '\n');
}

/** Event-loop lag over an async run (ms at the 99th percentile and the maximum). */
function lagMonitor() {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  return () => {
    h.disable();
    return { lag_p99_ms: (h.percentile(99) / 1e6).toFixed(3), lag_max_ms: (h.max / 1e6).toFixed(3) };
  };
}

function fsyncPath(p) {
  const fd = fs.openSync(p, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
}

function familyName(p, i) {
  return p.replace(/%d/, String(i));
}

function removeFile(p, family) {
  if (family) {
    for (let i = 0; i < 1000; i++) {
      try {
        fs.unlinkSync(familyName(p, i));
      } catch {
        break;
      }
    }
  } else {
    fs.rmSync(p, { force: true });
  }
}

/** cache=default|rule|S:B:W0 -> createDataset's chunkCache option. 'rule' is h5nwb's own choice (no option);
 *  'default' is libhdf5's default cache passed explicitly, which switches the rule off. */
function chunkCacheOption() {
  const c = args.cache || 'rule';
  if (c === 'rule') return undefined;
  if (c === 'default') return { slots: 521, bytes: 1048576, w0: 0.75 };
  const m = /^(\d+):(\d+):([0-9.]+)$/.exec(c);
  if (!m) throw new Error(`cache=${c}: expected rule, default or SLOTS:BYTES:W0`);
  return { slots: Number(m[1]), bytes: Number(m[2]), w0: Number(m[3]) };
}

// ---- W1 / W2 / W5 write / W6: appends ----

// One run of cmdAppend's appends, from the create to the close (and fsync); returns its start time.
function appendPassSync(file, fileOpts, dsOpts, appends, views, dofsync) {
  const t0 = performance.now();
  const f = File.open(file, 'w', fileOpts);
  const ds = f.createDataset('data', dsOpts);
  for (let i = 0; i < appends; i++) ds.append(views[i % views.length]);
  f.close();
  if (dofsync) fsyncPath(file);
  return t0;
}

async function appendPassAsync(file, fileOpts, dsOpts, appends, views, dofsync) {
  const t0 = performance.now();
  const f = await File.openAsync(file, 'w', fileOpts);
  const ds = f.createDataset('data', dsOpts);
  for (let i = 0; i < appends; i++) await ds.appendAsync(views[i % views.length]);
  await f.closeAsync();
  if (dofsync) fsyncPath(file);
  return t0;
}

// floor=1 (W2 chunk1024+awaitfloor, a diagnostic): the sync append and one await of its result, the cheapest an
// awaited append can be; what it costs over the sync form is V8's await, paid by any awaited call.
async function appendPassAwaitFloor(file, fileOpts, dsOpts, appends, views, dofsync) {
  const t0 = performance.now();
  const f = await File.openAsync(file, 'w', fileOpts);
  const ds = f.createDataset('data', dsOpts);
  for (let i = 0; i < appends; i++) await ds.append(views[i % views.length]);
  await f.closeAsync();
  if (dofsync) fsyncPath(file);
  return t0;
}

async function cmdAppend() {
  const file = need('file');
  const appends = num('appends', 1000);
  const rows = num('rows', 1000);
  const chunk = num('chunk', 8192);
  const deflate = num('deflate', -1);
  const dofsync = num('fsync', 0) === 1;
  const family = num('family', 0);
  const metric = args.metric || 'MB/s';
  const pool = loadPool();
  // Pre-built views of the pool: append i writes rows [(i*rows) % 16000, +rows).
  const nviews = POOL_ROWS / rows;
  if (!Number.isInteger(nviews)) throw new Error('rows must divide 16000');
  const views = [];
  for (let v = 0; v < nviews; v++) views.push(new Int16Array(pool.buffer, pool.byteOffset + v * rows * CH * 2, rows * CH));
  const fileOpts = family > 0 ? { driver: { driver: 'family', memberSize: family } } : {};
  const dsOpts = {
    dtype: 'int16',
    shape: [0, CH],
    maxshape: [null, CH],
    chunks: [chunk, CH],
  };
  if (deflate >= 0) {
    dsOpts.compression = 'gzip';
    dsOpts.compressionLevel = deflate;
  }
  const cc = chunkCacheOption();
  if (cc) dsOpts.chunkCache = cc;
  removeFile(file, family > 0);

  let lag = null;
  let t0;
  const direct = num('direct', 0) === 1;
  if (mode === 'sync' && direct) {
    // Diagnostic: the addon's datasetAppend called directly, bypassing lib/h5's Dataset.append (what the
    // TypeScript layer costs = this vs the plain sync figure).
    const { native } = require(path.join(root, 'dist', 'code-cache')).requireDist('binding.js'); // the instance the entry uses
    t0 = performance.now();
    const f = File.open(file, 'w', fileOpts);
    const ds = f.createDataset('data', dsOpts);
    const h = ds._h;
    for (let i = 0; i < appends; i++) native.datasetAppend(h, views[i % nviews]);
    f.close();
  } else {
    // warm=K: K untimed runs of the same appends first, in the same process (the -warm variants: the steady
    // state of a long-running writer; each run is its own call, so the timed one runs compiled code). Each goes
    // to a file of its own, deleted after it, so that the timed run creates its file as the others do.
    const warm = num('warm', 0);
    const passAsync = num('floor', 0) === 1 ? appendPassAwaitFloor : appendPassAsync;
    for (let pass = 0; pass < warm; pass++) {
      const w = `${file}.warm`;
      if (mode === 'sync') appendPassSync(w, fileOpts, dsOpts, appends, views, dofsync);
      else await passAsync(w, fileOpts, dsOpts, appends, views, dofsync);
      removeFile(w, family > 0);
    }
    if (mode === 'sync') {
      t0 = appendPassSync(file, fileOpts, dsOpts, appends, views, dofsync);
    } else {
      lag = lagMonitor();
      t0 = await passAsync(file, fileOpts, dsOpts, appends, views, dofsync);
    }
  }
  const secs = (performance.now() - t0) / 1000;
  const extra = {};
  const bytes = appends * rows * CH * 2;
  extra.bytes = bytes;
  if (family > 0) {
    let members = 0;
    while (fs.existsSync(familyName(file, members))) members++;
    extra.members = members;
  } else {
    extra.filesize = fileSize(file);
  }
  if (metric === 'appends/s') extra.rows = appends * rows;
  if (lag) Object.assign(extra, lag());
  const value = metric === 'appends/s' ? appends / secs : bytes / secs / 1e6;
  result(IMPL, metric, value, secs, extra);
}

// ---- W3 windows; W5 read ----

// One timed pass of cmdRead: open, the reads, close. Its own functions, so that a warm-up pass runs the same code
// (V8 compiles a function's loop during its first call and the whole function during a later one).
function readPassSync(file, fileOpts, n, out, sel) {
  let check = 0;
  const t0 = performance.now();
  const f = File.open(file, 'r', fileOpts);
  const ds = f.get('data');
  const nrows = ds.shape[0];
  for (let k = 0; k < n; k++) {
    ds.readInto(out, sel(k, nrows));
    check += out[0] + out[WIN_ROWS * CH - 1];
  }
  f.close();
  return { secs: (performance.now() - t0) / 1000, check };
}

async function readPassAsync(file, fileOpts, n, out, sel) {
  let check = 0;
  const t0 = performance.now();
  const f = await File.openAsync(file, 'r', fileOpts);
  const ds = f.get('data');
  const nrows = ds.shape[0];
  for (let k = 0; k < n; k++) {
    await ds.readIntoAsync(out, sel(k, nrows));
    check += out[0] + out[WIN_ROWS * CH - 1];
  }
  await f.closeAsync();
  return { secs: (performance.now() - t0) / 1000, check };
}

async function cmdRead(windowsMode) {
  const file = need('file');
  const family = num('family', 0);
  const n = windowsMode ? num('windows', 2000) : num('blocks', 0);
  // Page-aligned and prefaulted, as the C reference's buffer (see pool.js alignedBuffer).
  const outBuf = alignedBuffer(WIN_ROWS * CH * 2).fill(1);
  const out = new Int16Array(outBuf.buffer, outBuf.byteOffset, WIN_ROWS * CH);
  const fileOpts = family > 0 ? { driver: { driver: 'family', memberSize: family } } : {};
  const sel = (k, nrows) => ({
    start: [windowsMode ? fmix32((k + 0x9e3779b9) >>> 0) % (nrows - (WIN_ROWS - 1)) : k * WIN_ROWS, 0],
    count: [WIN_ROWS, CH],
  });
  // warm=K: K untimed passes of the same reads first, in the same process (the windows-warm variant: the steady
  // state of a long-running reader, once V8 has compiled the loop; two passes are needed for that, see above).
  const warm = num('warm', 0);
  for (let pass = 0; pass < warm; pass++) {
    if (mode === 'sync') readPassSync(file, fileOpts, n, out, sel);
    else await readPassAsync(file, fileOpts, n, out, sel);
  }
  let r;
  let lag = null;
  if (mode === 'sync') {
    r = readPassSync(file, fileOpts, n, out, sel);
  } else {
    const stop = lagMonitor();
    r = await readPassAsync(file, fileOpts, n, out, sel);
    lag = stop();
  }
  const bytes = n * WIN_ROWS * CH * 2;
  const extra = { bytes, check: r.check };
  if (lag) Object.assign(extra, lag);
  result(IMPL, 'MB/s', bytes / r.secs / 1e6, r.secs, extra);
}

// ---- W4 link fan-in ----

function w4Values() {
  const v = [];
  for (let i = 0; i < 10; i++)
    for (let g = 0; g < 10; g++)
      for (let d = 0; d < 10; d++) {
        const a = new Float64Array(1000);
        for (let e = 0; e < 1000; e++) a[e] = i * 10000 + g * 100 + d + e * 0.001;
        v.push(a);
      }
  return v;
}

function cmdW4Src() {
  const dir = need('dir');
  const values = w4Values();
  for (let i = 0; i < 10; i++) fs.rmSync(path.join(dir, `w4_src${i}.h5`), { force: true });
  const t0 = performance.now();
  for (let i = 0; i < 10; i++) {
    const f = File.open(path.join(dir, `w4_src${i}.h5`), 'w');
    for (let g = 0; g < 10; g++) {
      const grp = f.createGroup(`g${g}`);
      for (let d = 0; d < 10; d++) {
        const ds = grp.createDataset(`d${d}`, { dtype: 'float64', shape: [100, 10], data: values[(i * 10 + g) * 10 + d] });
        ds.close();
      }
      grp.close();
    }
    f.close();
  }
  const secs = (performance.now() - t0) / 1000;
  result('h5nwb-sync', 's', secs, secs);
}

function cmdW4Links() {
  const dir = need('dir');
  const p = path.join(dir, 'w4_links.h5');
  fs.rmSync(p, { force: true });
  const t0 = performance.now();
  const f = File.open(p, 'w');
  const g = f.createGroup('links');
  for (let i = 0; i < 10; i++)
    for (let gg = 0; gg < 10; gg++)
      for (let d = 0; d < 10; d++) g.createExternalLink(`s${i}_g${gg}_d${d}`, `w4_src${i}.h5`, `/g${gg}/d${d}`);
  g.close();
  f.close();
  const secs = (performance.now() - t0) / 1000;
  result('h5nwb-sync', 's', secs, secs);
}

async function cmdW4Read() {
  const dir = need('dir');
  const efc = num('efc', 0);
  const p = path.join(dir, 'w4_links.h5');
  const out = new Float64Array(1000).fill(1);
  const names = [];
  for (let i = 0; i < 10; i++)
    for (let g = 0; g < 10; g++) for (let d = 0; d < 10; d++) names.push(`links/s${i}_g${g}_d${d}`);
  const opts = efc > 0 ? { externalLinkCacheSize: efc } : {};
  let check = 0;
  let lag = null;
  let t0;
  if (mode === 'sync') {
    t0 = performance.now();
    const f = File.open(p, 'r', opts);
    for (const n of names) {
      const ds = f.get(n);
      ds.readInto(out);
      check += out[0] + out[999];
      ds.close();
    }
    f.close();
  } else {
    const stop = lagMonitor();
    t0 = performance.now();
    const f = await File.openAsync(p, 'r', opts);
    for (const n of names) {
      const ds = f.get(n);
      await ds.readIntoAsync(out);
      check += out[0] + out[999];
      ds.close();
    }
    await f.closeAsync();
    lag = stop;
  }
  const secs = (performance.now() - t0) / 1000;
  const extra = { check: check.toFixed(3) };
  if (lag) Object.assign(extra, lag());
  result(IMPL, 's', secs, secs, extra);
}

// ---- node-raw ----

function cmdRawWrite() {
  const file = need('file');
  const appends = num('appends', 1000);
  const rows = num('rows', 1000);
  const dofsync = num('fsync', 0) === 1;
  const metric = args.metric || 'MB/s';
  const pool = loadPool();
  const len = rows * CH * 2;
  fs.rmSync(file, { force: true });
  const t0 = performance.now();
  const fd = fs.openSync(file, 'w');
  for (let i = 0; i < appends; i++) {
    const off = ((i * rows) % POOL_ROWS) * CH * 2;
    if (fs.writeSync(fd, pool, off, len) !== len) throw new Error('short write');
  }
  if (dofsync) fs.fsyncSync(fd);
  fs.closeSync(fd);
  const secs = (performance.now() - t0) / 1000;
  const bytes = appends * len;
  const extra = { bytes };
  if (metric === 'appends/s') extra.rows = appends * rows;
  result('node-raw', metric, metric === 'appends/s' ? appends / secs : bytes / secs / 1e6, secs, extra);
}

function cmdRawPread() {
  const file = need('file');
  const n = num('windows', 2000);
  const nrows = Math.floor(fileSize(file) / (CH * 2));
  const len = WIN_ROWS * CH * 2;
  const buf = alignedBuffer(len).fill(1); // as the C reference's aligned_alloc(4096) buffer
  const v = new Int16Array(buf.buffer, buf.byteOffset, WIN_ROWS * CH);
  let check = 0;
  const t0 = performance.now();
  const fd = fs.openSync(file, 'r');
  for (let k = 0; k < n; k++) {
    const pos = (fmix32((k + 0x9e3779b9) >>> 0) % (nrows - (WIN_ROWS - 1))) * CH * 2;
    if (fs.readSync(fd, buf, 0, len, pos) !== len) throw new Error('short read');
    check += v[0] + v[WIN_ROWS * CH - 1];
  }
  fs.closeSync(fd);
  const secs = (performance.now() - t0) / 1000;
  const bytes = n * len;
  result('node-raw', 'MB/s', bytes / secs / 1e6, secs, { bytes, check });
}

async function main() {
  switch (cmd) {
    case 'append': return cmdAppend();
    case 'windows': return cmdRead(true);
    case 'seqread': return cmdRead(false);
    case 'w4-src': return cmdW4Src();
    case 'w4-links': return cmdW4Links();
    case 'w4-read': return cmdW4Read();
    case 'raw-write': return cmdRawWrite();
    case 'raw-pread': return cmdRawPread();
    default: throw new Error(`unknown command '${cmd}'`);
  }
}

main().catch((e) => {
  process.stderr.write(`h5nwb.js ${cmd}: ${e && e.stack ? e.stack : e}\n`);
  process.exit(2);
});

