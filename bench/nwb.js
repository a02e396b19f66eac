'use strict';
// The NWB side of the benchmark (issue #4; see bench/README.md): NWB files written and read through the NWB
// layer (NWBFile, NWBHDF5IO), against the same HDF5 objects written and read with lib/h5 directly.
//
//   node bench/nwb.js COMMAND impl=nwb|h5-direct file=PATH key=value...
//
// Commands (run.js runs each in its own process, write before read):
//   n1-write, n1-read   N1: an NWBFile with `series` TimeSeries in /acquisition, `samples` float64 values each,
//                       with starting_time and rate; read back and every series' data read.
//   n2-write, n2-read   N2: a Units table of `units` units whose ragged spike_times hold `spikes` float64 values
//                       in all; read back and the spike times of every unit fetched.
//
// impl=nwb goes through the NWB layer as a user would: NWBFile + TimeSeries / Units built from columns, then
// NWBHDF5IO write; NWBHDF5IO read, then TimeSeries.data.read() / Units.getUnitSpikeTimes(i) per unit.
// impl=h5-direct makes the same h5-level calls with File/Group/createDataset/attrs: the same groups, datasets
// and attributes (namespace, neurodata_type, object_id, ...), the same /specifications cache and .specloc on
// write; on read the same tree walk (every attribute, scalar and text values read, arrays left as open
// datasets) and the same data reads (per series: the whole data; per unit: its two index entries and its slice
// of spike_times, as getUnitSpikeTimes does).
//
// The timed region runs from the first call of the workload (building the NWBFile, or File.open) to the file's
// close; the data (Float64Arrays) is made before it. Each run prints one RESULT line (metric=s, lower is better);
// reads carry check= (the sum of every value read: both implementations must agree), writes filesize=.
const fs = require('fs');
const path = require('path');
const { randomUUID } = require('crypto');
const { performance } = require('perf_hooks');
const { commandLine, fmt, fileSize } = require('./cli');

const root = path.resolve(__dirname, '..');
const h5 = require(path.join(root, 'dist'));
const { File, Group, Dataset } = h5;
// libhdf5 start-up happens here, outside the timed region.
h5.libraryInfo();

const { cmd, args, need, num } = commandLine();
const IMPL = args.impl || 'nwb';
if (IMPL !== 'nwb' && IMPL !== 'h5-direct') throw new Error(`impl must be nwb or h5-direct, not ${IMPL}`);

function result(seconds, extra = {}) {
  const parts = [
    'RESULT', `impl=${IMPL}`, `wl=${args.wl || cmd.slice(0, 2).toUpperCase()}`, `variant=${args.variant || cmd.slice(3)}`,
    'metric=s', `value=${fmt(seconds)}`, `seconds=${seconds.toFixed(6)}`,
  ];
  for (const [k, v] of Object.entries(extra)) parts.push(`${k}=${v}`);
  process.stdout.write(parts.join(' ') + '\n');
}
/** CPU time (user + system) of this process since `c0`, in seconds: less sensitive than wall time to other
 *  processes on a busy machine. */
function cpuSeconds(c0) {
  const c = process.cpuUsage(c0);
  return ((c.user + c.system) / 1e6).toFixed(6);
}

// ---------------------------------------------------------------------------------------------------------------
// Data (made before the timed region)

const SESSION_START = '2024-01-01T00:00:00.000000+00:00';
const SESSION_FIELDS = { identifier: 'h5nwb-bench', sessionDescription: 'h5nwb NWB benchmark' };

/** N1: series i holds samples values (i + j / samples) * 1e-3. */
function n1Data(series, samples) {
  const out = [];
  for (let i = 0; i < series; i++) {
    const d = new Float64Array(samples);
    for (let j = 0; j < samples; j++) d[j] = (i + j / samples) * 1e-3;
    out.push(d);
  }
  return out;
}

/**
 * N2: `units` units with `spikes` spike times in all, ragged: unit u ends at round(spikes * (x + x^2) / 2) with
 * x = (u + 1) / units (so the counts grow from about 0.5 to 1.5 times the mean); spike k of a unit with c spikes
 * at (k + 0.5) * 3600 / c seconds, plus u * 1e-6.
 */
function n2Data(units, spikes) {
  const ends = new Uint32Array(units);
  for (let u = 0; u < units; u++) {
    const x = (u + 1) / units;
    ends[u] = u === units - 1 ? spikes : Math.round((spikes * (x + x * x)) / 2);
  }
  const times = new Float64Array(spikes);
  let a = 0;
  for (let u = 0; u < units; u++) {
    const c = ends[u] - a;
    for (let k = 0; k < c; k++) times[a + k] = ((k + 0.5) * 3600) / c + u * 1e-6;
    a = ends[u];
  }
  return { ends, times };
}

/** The smallest unsigned type for the index, as the NWB writer picks it (HDMF does the same). */
function smallestUint(max) {
  if (max < 2 ** 8) return 'uint8';
  if (max < 2 ** 16) return 'uint16';
  if (max < 2 ** 32) return 'uint32';
  return 'uint64';
}

// ---------------------------------------------------------------------------------------------------------------
// h5-direct: the writes

/**
 * The namespace cache as the NWB writer stores it: /specifications/<ns>/<version>/<source> as JSON text. The
 * JSON is prepared before the timed region (a program writing NWB by hand would carry these strings).
 */
function specTexts(namespaces) {
  // The serializer the NWB writer uses (dist/nwb/spec/texts.js), so both write the same text.
  const { namespaceTexts } = require(path.join(root, 'dist', 'code-cache')).requireDist('nwb/spec/texts.js');
  const catalog = h5.NamespaceCatalog.builtin();
  return namespaces.map((n) => {
    const ns = catalog.namespaces.get(n);
    const t = namespaceTexts(ns.spec, ns.sources);
    return { name: n, version: ns.spec.version, sources: Object.entries(t.sources), namespace: t.namespace };
  });
}

const TEXT = { dtype: 'string' }; // variable-length UTF-8
const ASCII = { dtype: 'string', encoding: 'ascii' }; // variable-length ASCII (isodatetime)

function typeAttrs(obj, namespace, type) {
  obj.attrs.set('namespace', namespace, TEXT);
  obj.attrs.set('neurodata_type', type, TEXT);
  obj.attrs.set('object_id', randomUUID(), TEXT);
}

/** The NWBFile root: its attributes, required datasets and groups (as NWBHDF5IO writes them). */
function writeRoot(f) {
  typeAttrs(f, 'core', 'NWBFile');
  f.attrs.set('nwb_version', '2.9.0', TEXT);
  const now = new Date();
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  const off = -now.getTimezoneOffset();
  const created = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}.${pad(now.getMilliseconds(), 3)}000${off < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  const ds = [
    f.createDataset('file_create_date', { data: [created], ...ASCII }),
    f.createDataset('identifier', { data: SESSION_FIELDS.identifier, shape: [], ...TEXT }),
    f.createDataset('session_description', { data: SESSION_FIELDS.sessionDescription, shape: [], ...TEXT }),
    f.createDataset('session_start_time', { data: SESSION_START, shape: [], ...ASCII }),
    f.createDataset('timestamps_reference_time', { data: SESSION_START, shape: [], ...ASCII }),
  ];
  for (const d of ds) d.close();
}

/** The other groups NWBFile requires (after /acquisition, in the order NWBHDF5IO creates them). */
function writeRequiredGroups(f) {
  for (const g of ['analysis', 'processing', 'stimulus', 'stimulus/presentation', 'stimulus/templates', 'general']) f.createGroup(g).close();
}

function writeSpecs(f, specs) {
  const sg = f.createGroup('specifications');
  for (const s of specs) {
    const g = sg.createGroup(`${s.name}/${s.version}`);
    for (const [name, text] of s.sources) g.createDataset(name, { data: text, shape: [], ...TEXT }).close();
    g.createDataset('namespace', { data: s.namespace, shape: [], ...TEXT }).close();
    g.close();
  }
  f.attrs.set('.specloc', sg, { dtype: 'ref' });
  sg.close();
}

function n1WriteDirect(file, data, specs) {
  const f = File.open(file, 'w');
  writeRoot(f);
  const acq = f.createGroup('acquisition');
  for (let i = 0; i < data.length; i++) {
    const g = acq.createGroup(`ts${i}`);
    typeAttrs(g, 'core', 'TimeSeries');
    g.attrs.set('description', 'no description', TEXT);
    g.attrs.set('comments', 'no comments', TEXT);
    const d = g.createDataset('data', { data: data[i] });
    d.attrs.set('conversion', 1.0);
    d.attrs.set('offset', 0.0);
    d.attrs.set('resolution', -1.0);
    d.attrs.set('unit', 'V', TEXT);
    d.close();
    const st = g.createDataset('starting_time', { data: 0.0, shape: [], dtype: 'float64' });
    st.attrs.set('rate', 1000.0);
    st.attrs.set('unit', 'seconds', TEXT);
    st.close();
    g.close();
  }
  acq.close();
  writeRequiredGroups(f);
  writeSpecs(f, specs);
  f.close();
}

function n2WriteDirect(file, { ends, times }, specs) {
  const f = File.open(file, 'w');
  writeRoot(f);
  f.createGroup('acquisition').close();
  writeRequiredGroups(f);
  const u = f.createGroup('units');
  typeAttrs(u, 'core', 'Units');
  u.attrs.set('colnames', ['spike_times'], TEXT);
  u.attrs.set('description', 'data on spiking units', TEXT);
  const n = ends.length;
  const ids = new BigInt64Array(n);
  for (let i = 0; i < n; i++) ids[i] = BigInt(i);
  const id = u.createDataset('id', { data: ids });
  typeAttrs(id, 'hdmf-common', 'ElementIdentifiers');
  id.close();
  const index = u.createDataset('spike_times_index', { data: ends, dtype: smallestUint(n ? ends[n - 1] : 0) });
  typeAttrs(index, 'hdmf-common', 'VectorIndex');
  index.attrs.set('description', "Index for VectorData 'spike_times'", TEXT);
  const st = u.createDataset('spike_times', { data: times });
  typeAttrs(st, 'hdmf-common', 'VectorData');
  st.attrs.set('description', 'the spike times for each unit', TEXT);
  index.attrs.set('target', st, { dtype: 'ref' });
  st.close();
  index.close();
  u.close();
  writeSpecs(f, specs);
  f.close();
}

// ---------------------------------------------------------------------------------------------------------------
// h5-direct: the reads

/**
 * The file's tree: every group's and dataset's attributes, scalar and text datasets read, other datasets left
 * open for the data reads that follow (what NWBHDF5IO.read() gets from the file, without the containers).
 */
function readTree(g) {
  const node = { attrs: g.attrs.toObject(), members: new Map() };
  for (const k of g.keys()) {
    const o = g.get(k);
    if (o instanceof Group) {
      node.members.set(k, readTree(o));
      o.close();
      continue;
    }
    const m = { attrs: o.attrs.toObject(), dataset: o, value: undefined };
    const shape = o.shape;
    if (shape.length === 0) {
      m.value = o.readValue();
      o.close();
      m.dataset = null;
    } else if (['string', 'ref', 'compound'].includes(o.dtype) && shape.reduce((a, b) => a * b, 1) <= 100000) {
      m.value = o.read().data;
      o.close();
      m.dataset = null;
    }
    node.members.set(k, m);
  }
  return node;
}

function n1ReadDirect(file) {
  const f = File.open(file, 'r');
  const tree = readTree(f);
  let sum = 0;
  for (const ts of tree.members.get('acquisition').members.values()) {
    const d = ts.members.get('data').dataset.read().data;
    for (let j = 0; j < d.length; j++) sum += d[j];
    const st = ts.members.get('starting_time');
    sum += st.value + st.attrs.rate;
  }
  f.close();
  return { sum, n: tree.members.get('acquisition').members.size };
}

function n2ReadDirect(file) {
  const f = File.open(file, 'r');
  const tree = readTree(f);
  const units = tree.members.get('units');
  const index = units.members.get('spike_times_index').dataset;
  const times = units.members.get('spike_times').dataset;
  const n = index.shape[0];
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    // As getUnitSpikeTimes: the unit's end offset (and the previous one), then its slice of spike_times.
    const e = index.read(i === 0 ? { start: [0], count: [1] } : { start: [i - 1], count: [2] }).data;
    const a = i === 0 ? 0 : Number(e[0]);
    const b = Number(e[e.length - 1]);
    const t = times.read({ start: [a], count: [b - a] }).data;
    for (let k = 0; k < t.length; k++) sum += t[k];
    count += t.length;
  }
  f.close();
  return { sum, n, count };
}

// ---------------------------------------------------------------------------------------------------------------
// NWB

function newFile() {
  return new h5.NWBFile({ ...SESSION_FIELDS, sessionStartTime: SESSION_START });
}

function n1WriteNwb(file, data) {
  const t0 = performance.now();
  const nwbfile = newFile();
  for (let i = 0; i < data.length; i++)
    nwbfile.addAcquisition(new h5.TimeSeries({ name: `ts${i}`, data: data[i], unit: 'V', rate: 1000.0, startingTime: 0.0 }));
  const built = performance.now();
  const io = new h5.NWBHDF5IO(file, 'w');
  io.write(nwbfile);
  io.close();
  return (built - t0) / 1000;
}

function n2WriteNwb(file, { ends, times }) {
  const t0 = performance.now();
  const nwbfile = newFile();
  // The Units column API: the flat spike times and their end offsets, as one column (addUnit per unit builds
  // the same table row by row).
  const spikeTimes = new h5.VectorData({ name: 'spike_times', description: 'the spike times for each unit', data: times });
  const index = new h5.VectorIndex({ name: 'spike_times_index', data: ends, target: spikeTimes });
  nwbfile.units = new h5.Units({ name: 'units', columns: [spikeTimes, index] });
  const built = performance.now();
  const io = new h5.NWBHDF5IO(file, 'w');
  io.write(nwbfile);
  io.close();
  return (built - t0) / 1000;
}

function n1ReadNwb(file) {
  const io = new h5.NWBHDF5IO(file, 'r');
  const nwbfile = io.read();
  let sum = 0;
  for (const ts of nwbfile.acquisition.values()) {
    const d = ts.data.read().data;
    for (let j = 0; j < d.length; j++) sum += d[j];
    sum += ts.startingTime + ts.rate;
  }
  const n = nwbfile.acquisition.size;
  io.close();
  return { sum, n };
}

function n2ReadNwb(file) {
  const io = new h5.NWBHDF5IO(file, 'r');
  const units = io.read().units;
  const n = units.length;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const t = units.getUnitSpikeTimes(i);
    for (let k = 0; k < t.length; k++) sum += t[k];
    count += t.length;
  }
  io.close();
  return { sum, n, count };
}

// ---------------------------------------------------------------------------------------------------------------

function main() {
  const file = need('file');
  const nwb = IMPL === 'nwb';
  if (cmd === 'n1-write' || cmd === 'n2-write') {
    const n1 = cmd === 'n1-write';
    const data = n1 ? n1Data(num('series', 10000), num('samples', 100)) : n2Data(num('units', 10000), num('spikes', 1000000));
    const specs = nwb ? null : specTexts(['core', 'hdmf-common']);
    // warm=K: K untimed writes of the same workload to another file first, in this process (what a service writing
    // file after file sees: the code compiled and warmed up); the timed write follows.
    for (let k = 0; k < num('warm', 0); k++) {
      const other = `${file}.warm`;
      fs.rmSync(other, { force: true });
      if (nwb) n1 ? n1WriteNwb(other, data) : n2WriteNwb(other, data);
      else if (n1) n1WriteDirect(other, data, specs);
      else n2WriteDirect(other, data, specs);
      fs.rmSync(other, { force: true });
    }
    fs.rmSync(file, { force: true });
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let build = null;
    if (nwb) build = n1 ? n1WriteNwb(file, data) : n2WriteNwb(file, data);
    else if (n1) n1WriteDirect(file, data, specs);
    else n2WriteDirect(file, data, specs);
    const secs = (performance.now() - t0) / 1000;
    const extra = { cpu_s: cpuSeconds(c0), filesize: fileSize(file) };
    if (n1) Object.assign(extra, { series: data.length, samples: num('samples', 100) });
    else Object.assign(extra, { units: data.ends.length, spikes: data.times.length });
    if (build !== null) extra.build_s = build.toFixed(6);
    result(secs, extra);
  } else if (cmd === 'n1-read' || cmd === 'n2-read') {
    const n1 = cmd === 'n1-read';
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = n1 ? (nwb ? n1ReadNwb(file) : n1ReadDirect(file)) : nwb ? n2ReadNwb(file) : n2ReadDirect(file);
    const secs = (performance.now() - t0) / 1000;
    const extra = { cpu_s: cpuSeconds(c0), ...(n1 ? { series: r.n } : { units: r.n, spikes: r.count }) };
    extra.check = r.sum.toFixed(6);
    result(secs, extra);
  } else {
    throw new Error(`unknown command '${cmd}' (n1-write, n1-read, n2-write, n2-read)`);
  }
}

main();
