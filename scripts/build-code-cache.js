#!/usr/bin/env node
'use strict';
// Writes the V8 code cache of the library (dist/**/*.jsc, see lib/code-cache.ts): runs a representative
// NWB workload (write, validate, read, append, export of a file with the common types) in a child process that
// loads dist/ with H5NWB_CODE_CACHE=produce, then saves what V8 compiled. scripts/build-ts.js runs it after every
// build of dist/ (the caches of an older build no longer match their sources and would be ignored).
//
//   node scripts/build-code-cache.js          exit 0 also when the addon cannot load here (nothing written)
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');

if (process.argv[2] === '--workload') {
  workload();
  process.exit(0);
}

// Old caches first: a failed run below must not leave caches of another build behind.
for (const f of walk(dist)) if (f.endsWith('.jsc')) fs.rmSync(f);
const r = spawnSync(process.execPath, [__filename, '--workload'], {
  cwd: root,
  env: { ...process.env, H5NWB_CODE_CACHE: 'produce' },
  encoding: 'utf8',
});
if (r.status !== 0) {
  console.error(`h5nwb: no code cache (the workload failed: ${(r.stderr || '').trim().split('\n').slice(-3).join(' | ')}); it compiles as usual`);
  process.exit(0);
}
process.stdout.write(r.stdout);

function walk(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function workload() {
  const h5 = require(dist);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'h5nwb-code-cache-'));
  try {
    const file = path.join(tmp, 'session.nwb');
    const nwbfile = new h5.NWBFile({
      identifier: 'code-cache', sessionDescription: 'code cache workload', sessionStartTime: new Date('2024-01-02T03:04:05Z'),
      experimenter: ['A. Person'], lab: 'lab', institution: 'institution', keywords: ['k'],
    });
    nwbfile.subject = new h5.Subject({ subjectId: 's1', species: 'Mus musculus', age: 'P90D', sex: 'F' });
    const device = nwbfile.createDevice({ name: 'probe', description: 'a probe' });
    const group = nwbfile.createElectrodeGroup({ name: 'shank0', description: 'shank', location: 'CA1', device });
    for (let i = 0; i < 4; i++) nwbfile.addElectrode({ group, location: 'CA1', x: i, y: 0, z: 0 });
    const region = nwbfile.createElectrodeTableRegion({ region: [0, 1, 2, 3], description: 'all' });
    nwbfile.addAcquisition(new h5.ElectricalSeries({ name: 'raw', data: { data: new Int16Array(400), shape: [100, 4] }, electrodes: region, rate: 30000, startingTime: 0 }));
    nwbfile.addAcquisition(new h5.TimeSeries({ name: 'ts', data: new Float64Array(100), unit: 'V', timestamps: Float64Array.from({ length: 100 }, (_, i) => i / 10) }));
    const spikeTimes = new h5.VectorData({ name: 'spike_times', description: 'spike times', data: Float64Array.from({ length: 1000 }, (_, i) => i / 100) });
    const index = new h5.VectorIndex({ name: 'spike_times_index', data: Uint32Array.from({ length: 100 }, (_, i) => (i + 1) * 10), target: spikeTimes });
    nwbfile.units = new h5.Units({ name: 'units', columns: [spikeTimes, index] });
    nwbfile.addTrial({ startTime: 0, stopTime: 1 });
    nwbfile.addTrial({ startTime: 1, stopTime: 2 });
    const mod = nwbfile.createProcessingModule({ name: 'behavior', description: 'behavior' });
    const position = new h5.Position({ name: 'Position' });
    position.addSpatialSeries(new h5.SpatialSeries({ name: 'xy', data: { data: new Float64Array(20), shape: [10, 2] }, referenceFrame: 'origin', rate: 10, startingTime: 0 }));
    mod.add(position);
    if (h5.validate(nwbfile).length) throw new Error(`the workload file is invalid: ${JSON.stringify(h5.validate(nwbfile))}`);
    let io = new h5.NWBHDF5IO(file, 'w');
    io.write(nwbfile);
    io.close();
    io = new h5.NWBHDF5IO(file, 'a');
    const back = io.read();
    for (const ts of back.acquisition.values()) ts.data.read();
    for (let i = 0; i < back.units.length; i++) back.units.getUnitSpikeTimes(i);
    back.addAcquisition(new h5.TimeSeries({ name: 'more', data: [1, 2, 3], unit: 'm', rate: 1, startingTime: 0 }));
    io.write(back);
    io.close();
    h5.validate(file);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const written = require(path.join(dist, 'code-cache.js')).writeCodeCache();
  const bytes = written.reduce((s, f) => s + fs.statSync(f).size, 0);
  console.log(`h5nwb: code cache: ${written.length} modules, ${(bytes / 1024).toFixed(0)} KiB`);
}
