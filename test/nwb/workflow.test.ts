/**
 * The founding workflow beyond plain writes: export (PyNWB's semantics and none of its known bugs), the shallow
 * copy NWBFile.copy(), NWBHDF5IO.copyFile (one self-contained file), checkLinks(), broken links on read, and
 * writing through the family and split drivers. Every result is read back with h5py.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  checkLinks, DynamicTableRegion, ElectricalSeries, NWBFile, NWBHDF5IO, TimeSeries,
} from '../../lib';
import { copyFixtures, h5Links, py, rejected, thrown, tmpDir } from '../helpers';

const { dir, file } = tmpDir('nwb-workflow');
copyFixtures(dir);
const fx = (name: string) => path.join(dir, name);

/** Every soft and external link of a file in h5py's view: path -> [kind, target file or null, target path]. */
function links(p: string): Record<string, [string, string | null, string | null]> {
  return Object.fromEntries(Object.entries(h5Links(p)).filter(([, v]) => v[0] !== 'hard'));
}

/** object_id of objects by path (h5py, following links), plus the root's. */
function objectIds(p: string, paths: string[]): Record<string, string> {
  return py(`
f = h5py.File(sys.argv[1], 'r')
out = {}
for p in json.loads(sys.argv[2]):
    o = f[p]
    v = o.attrs['object_id']
    out[p] = v.decode() if isinstance(v, bytes) else v
print(json.dumps(out))
`, p, JSON.stringify(paths));
}

const START = '2024-01-02T03:04:05.123456-08:00';

// ------------------------------------------------------------------------------------------------ export

describe('export', () => {
  test('keeps external links to third files, object_ids and identifier (linkData default)', () => {
    const out = file('export-links.nwb');
    const src = new NWBHDF5IO(fx('ext_link_container.nwb'), 'r');
    const dst = new NWBHDF5IO(out, 'w');
    dst.export({ srcIo: src });
    dst.close();
    src.close();
    const l = links(out);
    expect(l['/acquisition/test_timeseries1']).toEqual(['external', 'ext_source_1.nwb', '/acquisition/test_timeseries1']);
    expect(l['/acquisition/test_timeseries2']).toEqual(['external', 'ext_source_2.nwb', '/acquisition/test_timeseries2']);
    // nothing links back to the source file, nor to the export itself (hdmf#807, hdmf#846)
    for (const [, [kind, f]] of Object.entries(l)) if (kind === 'external') expect(['ext_link_container.nwb', 'export-links.nwb']).not.toContain(f);
    const ids = objectIds(out, ['/']);
    expect(ids['/']).toBe(objectIds(fx('ext_link_container.nwb'), ['/'])['/']);
    const r = new NWBHDF5IO(out, 'r');
    const f = r.read();
    expect(f.identifier).toBe('fixture-ext-link-container');
    expect(r.brokenLinks()).toEqual([]);
    r.close();
  });

  test('linkData false copies what third files hold: the structure of PyNWB\'s exported_single', () => {
    const out = file('export-single.nwb');
    const src = new NWBHDF5IO(fx('ext_link_container.nwb'), 'r');
    const dst = new NWBHDF5IO(out, 'w');
    dst.export({ srcIo: src, writeArgs: { linkData: false } });
    dst.close();
    src.close();
    expect(links(out)).toEqual(links(fx('exported_single.nwb')));
    const paths = ['/', '/acquisition/test_timeseries1', '/acquisition/test_timeseries2'];
    expect(objectIds(out, paths)).toEqual(objectIds(fx('exported_single.nwb'), paths));
    const v = py(`
a = h5py.File(sys.argv[1], 'r'); b = h5py.File(sys.argv[2], 'r')
out = {}
for k in ['test_timeseries1', 'test_timeseries2']:
    x = a['acquisition'][k]['data']; y = b['acquisition'][k]['data']
    out[k] = [bool(np.array_equal(x[()], y[()])), str(x.dtype) == str(y.dtype), list(x.shape)]
print(json.dumps(out))
`, out, fx('exported_single.nwb'));
    expect(v).toEqual({ test_timeseries1: [true, true, [100, 10]], test_timeseries2: [true, true, expect.any(Array)] });
  });

  test('soft links stay soft; nothing links back into the source', () => {
    const out = file('export-soft.nwb');
    const src = new NWBHDF5IO(fx('soft_link.nwb'), 'r');
    const dst = new NWBHDF5IO(out, 'w');
    dst.export({ srcIo: src });
    dst.close();
    src.close();
    const l = links(out);
    expect(l['/acquisition/ts_b_shared_timestamps/timestamps']).toEqual(['soft', null, '/acquisition/ts_a/timestamps']);
    expect(l['/acquisition/ts_c_shared_data/data']).toEqual(['soft', null, '/acquisition/ts_a/data']);
    expect(l['/general/extracellular_ephys/shank0/device']).toEqual(['soft', null, '/general/devices/probe_device']);
    expect(Object.values(l).filter(([k]) => k === 'external')).toEqual([]);
    const v = py(`
f = h5py.File(sys.argv[1], 'r')
print(json.dumps([float(f['acquisition/ts_c_shared_data/data'][()].sum()), float(f['acquisition/ts_a/timestamps'][-1])]))
`, out);
    expect(v[0]).toBe(1225);
    expect(v[1]).toBeCloseTo(4.9);
  });

  test('a soft link among a group\'s children is read as that child (the same container) and written back as a soft link', () => {
    const src = file('soft-child.nwb');
    const f = new NWBFile({ identifier: 'soft-child', sessionDescription: 'soft child', sessionStartTime: START });
    f.addAcquisition(new TimeSeries({ name: 'ts', data: Float64Array.of(1, 2, 3), unit: 'V', rate: 10 }));
    f.createProcessingModule({ name: 'behavior', description: 'b' });
    const w = new NWBHDF5IO(src, 'w');
    w.write(f);
    w.close();
    py(`f = h5py.File(sys.argv[1], 'r+')
f['processing/behavior/ts_alias'] = h5py.SoftLink('/acquisition/ts')
f.close()
print('null')`, src);
    const io = new NWBHDF5IO(src, 'r');
    const out = file('soft-child-export.nwb');
    try {
      const g = io.read();
      const m = g.processing.get('behavior') as unknown as { dataInterfaces: Map<string, unknown> };
      expect([...m.dataInterfaces.keys()]).toEqual(['ts_alias']);
      expect(m.dataInterfaces.get('ts_alias')).toBe(g.acquisition.get('ts'));
      expect(io.brokenLinks()).toEqual([]);
      const dst = new NWBHDF5IO(out, 'w');
      dst.export({ srcIo: io });
      dst.close();
    } finally {
      io.close();
    }
    expect(links(out)['/processing/behavior/ts_alias']).toEqual(['soft', null, '/acquisition/ts']);
    expect(py(`print(json.dumps(h5py.File(sys.argv[1], 'r')['processing/behavior/ts_alias/data'][()].tolist()))`, out)).toEqual([1, 2, 3]);
  });

  test('a dataset linked from a third file stays linked, or is copied with linkData false', () => {
    const kept = file('export-ds-link.nwb');
    const copied = file('export-ds-copy.nwb');
    for (const [out, linkData] of [[kept, true], [copied, false]] as const) {
      const src = new NWBHDF5IO(fx('ext_link_dataset.nwb'), 'r');
      const dst = new NWBHDF5IO(out, 'w');
      dst.export({ srcIo: src, writeArgs: { linkData } });
      dst.close();
      src.close();
    }
    expect(links(kept)['/acquisition/linked_data_ts/data']).toEqual(['external', 'ext_source_1.nwb', '/acquisition/test_timeseries1/data']);
    expect(links(copied)['/acquisition/linked_data_ts/data']).toBeUndefined();
    const v = py(`
f = h5py.File(sys.argv[1], 'r'); g = h5py.File(sys.argv[2], 'r')
d = f['acquisition/linked_data_ts/data']
print(json.dumps([str(d.dtype), list(d.shape), bool(np.array_equal(d[()], g['acquisition/test_timeseries1/data'][()])), d.attrs['unit'] if isinstance(d.attrs['unit'], str) else d.attrs['unit'].decode()]))
`, copied, fx('ext_source_1.nwb'));
    expect(v).toEqual(['int64', [100, 10], true, expect.any(String)]);
  });

  test('containers merged from several files: one written here, the other linked, never a link to /', () => {
    // hdmf#1582: a new file made of containers read from two files produced a soft link to '/'.
    const io1 = new NWBHDF5IO(fx('ext_source_1.nwb'), 'r');
    const io2 = new NWBHDF5IO(fx('ext_source_2.nwb'), 'r');
    const f1 = io1.read();
    const f2 = io2.read();
    const merged = f1;
    merged.addAcquisition(f2.getAcquisition('test_timeseries2'));
    const out = file('export-merged.nwb');
    const dst = new NWBHDF5IO(out, 'w');
    dst.export({ srcIo: io1, nwbfile: merged });
    dst.close();
    io1.close();
    io2.close();
    const l = links(out);
    expect(l['/acquisition/test_timeseries1']).toBeUndefined(); // written here
    expect(l['/acquisition/test_timeseries2']).toEqual(['external', 'ext_source_2.nwb', '/acquisition/test_timeseries2']);
    for (const [, [, , t]] of Object.entries(l)) expect(t).not.toBe('/');
    const r = new NWBHDF5IO(out, 'r');
    expect([...r.read().acquisition.keys()].sort()).toEqual(['test_timeseries1', 'test_timeseries2']);
    expect(r.brokenLinks()).toEqual([]);
    r.close();
  });

  test('generateNewId() gives the export new object_ids', () => {
    const out = file('export-newid.nwb');
    const src = new NWBHDF5IO(fx('ts_basic.nwb'), 'r');
    const f = src.read();
    f.generateNewId();
    const dst = new NWBHDF5IO(out, 'w');
    dst.export({ srcIo: src, nwbfile: f });
    dst.close();
    src.close();
    const paths = ['/', '/acquisition/ts_rate', '/acquisition/ts_timestamps'];
    const before = objectIds(fx('ts_basic.nwb'), paths);
    const after = objectIds(out, paths);
    for (const p of paths) {
      expect(after[p]).not.toBe(before[p]);
      expect(after[p]).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  test('bad exports: wrong mode, a sub-container, an unknown option; the source is untouched', () => {
    const src = new NWBHDF5IO(fx('ts_basic.nwb'), 'r');
    const f = src.read();
    const a = new NWBHDF5IO(file('export-mode.nwb'), 'a');
    const e1 = thrown(() => a.export({ srcIo: src }));
    expect(e1.code).toBe('ERR_NWB_MODE');
    expect(e1.message).toContain('export-mode.nwb');
    a.close();
    const w = new NWBHDF5IO(file('export-sub.nwb'), 'w');
    const e2 = thrown(() => w.export({ srcIo: src, nwbfile: f.getAcquisition('ts_rate') as never }));
    expect(e2.code).toBe('ERR_NWB_EXPORT');
    expect(e2.message).toContain("TimeSeries 'ts_rate'");
    expect(thrown(() => w.export({ srcIo: src, linkData: false } as never)).message).toContain("unknown export option 'linkData'");
    w.close();
    src.close();
    const r = new NWBHDF5IO(fx('ts_basic.nwb'), 'r');
    expect((r.read().getAcquisition('ts_rate') as TimeSeries).readData().shape).toEqual([100]);
    r.close();
  });
});

// ----------------------------------------------------------------------------------------------- copy()

describe('NWBFile.copy()', () => {
  test('links the containers, copies the tables with linked columns, and keeps regions on the copy\'s tables', () => {
    const io = new NWBHDF5IO(fx('ecephys.nwb'), 'r');
    const orig = io.read();
    const copy = orig.copy();
    expect(copy).not.toBe(orig);
    expect(copy.identifier).toBe(orig.identifier);
    expect(copy.electrodes).not.toBe(orig.electrodes);
    const raw = copy.getAcquisition('raw') as ElectricalSeries;
    expect(raw).not.toBe(orig.getAcquisition('raw'));
    expect((raw.get('electrodes') as DynamicTableRegion).table).toBe(copy.electrodes);
    const out = file('copy.nwb');
    const w = new NWBHDF5IO(out, 'w');
    w.write(copy);
    w.close();
    io.close();

    const l = links(out);
    const ext = (target: string) => ['external', 'ecephys.nwb', target];
    // containers and columns are links into the original
    expect(l['/general/devices/probe']).toEqual(ext('/general/devices/probe'));
    expect(l['/general/extracellular_ephys/shank0']).toEqual(ext('/general/extracellular_ephys/shank0'));
    for (const c of ['location', 'group', 'group_name', 'label', 'impedance_ohm', 'x', 'y', 'z', 'id'])
      expect(l[`/general/extracellular_ephys/electrodes/${c}`]).toEqual(ext(`/general/extracellular_ephys/electrodes/${c}`));
    for (const c of ['spike_times', 'spike_times_index', 'quality', 'obs_intervals', 'obs_intervals_index', 'id'])
      expect(l[`/units/${c}`]).toEqual(ext(`/units/${c}`));
    for (const c of ['start_time', 'stop_time', 'stim', 'id']) expect(l[`/intervals/trials/${c}`]).toEqual(ext(`/intervals/trials/${c}`));
    // the series that refer to the electrodes are the copy's own groups, their data linked
    expect(l['/acquisition/raw']).toBeUndefined();
    expect(l['/acquisition/raw/data']).toEqual(ext('/acquisition/raw/data'));
    expect(l['/processing/ecephys/LFP/lfp/data']).toEqual(ext('/processing/ecephys/LFP/lfp/data'));
    expect(l['/units/electrodes']).toBeUndefined();

    // pynwb#1224: in h5py, every region of the copy points at the copy's electrodes table, and devices resolve
    const v = py(`
f = h5py.File(sys.argv[1], 'r')
def table(p):
    return f[f[p].attrs['table']].name
print(json.dumps({
  'raw': table('acquisition/raw/electrodes'), 'lfp': table('processing/ecephys/LFP/lfp/electrodes'),
  'units': table('units/electrodes'), 'file': f[f['acquisition/raw/electrodes'].attrs['table']].file.filename,
  'device': f['general/devices/probe'].attrs['description'] if isinstance(f['general/devices/probe'].attrs['description'], str) else f['general/devices/probe'].attrs['description'].decode(),
  'regions': [int(x) for x in f['acquisition/raw/electrodes'][()]],
  'units_idx': [int(x) for x in f['units/electrodes_index'][()]],
}))
`, out);
    expect(v).toEqual({
      raw: '/general/extracellular_ephys/electrodes', lfp: '/general/extracellular_ephys/electrodes', units: '/general/extracellular_ephys/electrodes',
      file: out, device: '16-channel probe', regions: [0, 1, 2, 3], units_idx: [1, 2, 3],
    });

    // and it reads back whole, the regions resolving to the copy's table
    const r = new NWBHDF5IO(out, 'r');
    const back = r.read();
    expect(r.brokenLinks()).toEqual([]);
    const region = (back.getAcquisition('raw') as ElectricalSeries).get('electrodes') as DynamicTableRegion;
    expect(region.table).toBe(back.electrodes);
    expect(back.electrodes!.length).toBe(4);
    expect(back.units!.length).toBe(3);
    r.close();
  });

  test('a file that was never written or read cannot be copied', () => {
    const f = new NWBFile({ identifier: 'x', sessionDescription: 'never written', sessionStartTime: START });
    expect(thrown(() => f.copy()).code).toBe('ERR_NWB_COPY');
  });
});

// ---------------------------------------------------------------------------------- copyFile, checkLinks

describe('NWBHDF5IO.copyFile and checkLinks', () => {
  test('one self-contained file from a linked session file, with progress, reading clean', async () => {
    const out = file('single.nwb');
    const phases = new Set<string>();
    const done = await NWBHDF5IO.copyFile({ sourceFilename: fx('ext_link_container.nwb'), destFilename: out, onProgress: (p) => phases.add(p.phase) });
    expect(done.phase).toBe('done');
    expect(phases.has('verify')).toBe(true);
    expect(phases.has('done')).toBe(true);
    expect(Object.values(links(out)).filter(([k]) => k === 'external')).toEqual([]);
    expect(checkLinks(out)).toEqual([]);
    const v = py(`
a = h5py.File(sys.argv[1], 'r'); b = h5py.File(sys.argv[2], 'r')
spec = a[a.attrs['.specloc']]
print(json.dumps([spec.name, sorted(spec.keys()), bool(np.array_equal(a['acquisition/test_timeseries1/data'][()], b['acquisition/test_timeseries1/data'][()]))]))
`, out, fx('ext_source_1.nwb'));
    expect(v[0]).toBe('/specifications');
    expect(v[1]).toEqual(expect.arrayContaining(['core', 'hdmf-common']));
    expect(v[2]).toBe(true);
    const r = new NWBHDF5IO(out, 'r');
    const f = r.read();
    expect([...f.acquisition.keys()].sort()).toEqual(['test_timeseries1', 'test_timeseries2']);
    expect((f.getAcquisition('test_timeseries1') as TimeSeries).readData().shape).toEqual([100, 10]);
    r.close();
  });

  test('copyFileSync, and a missing link target fails before anything is written', async () => {
    const out = file('single-sync.nwb');
    NWBHDF5IO.copyFileSync({ sourceFilename: fx('ext_link_dataset.nwb'), destFilename: out });
    expect(Object.values(links(out)).filter(([k]) => k === 'external')).toEqual([]);
    const lonely = path.join(dir, 'lonely');
    fs.mkdirSync(lonely, { recursive: true });
    fs.copyFileSync(fx('ext_link_container.nwb'), path.join(lonely, 'session.nwb'));
    const dest = path.join(lonely, 'out.nwb');
    const e = await rejected(NWBHDF5IO.copyFile({ sourceFilename: path.join(lonely, 'session.nwb'), destFilename: dest }));
    expect(e.message).toContain('ext_source_1.nwb');
    expect(fs.existsSync(dest)).toBe(false);
    expect(thrown(() => NWBHDF5IO.copyFileSync({ sourceFilename: 'a', destFilename: 'b', expand: true } as never)).message).toContain("unknown copyFile option 'expand'");
    // mode 'x' refuses an existing destination and leaves it as it was
    const before = fs.readFileSync(out);
    const ex = thrown(() => NWBHDF5IO.copyFileSync({ sourceFilename: fx('ext_link_dataset.nwb'), destFilename: out, mode: 'x' }));
    expect(ex.code).toBe('ERR_H5_FILE_EXISTS');
    expect(fs.readFileSync(out).equals(before)).toBe(true);
  });

  test('checkLinks reports every external link, recursively, and which resolve', () => {
    const ok = checkLinks(fx('ext_link_container.nwb'));
    expect(ok.map((l) => [l.link, l.target.file, l.target.path, l.resolves])).toEqual([
      ['/acquisition/test_timeseries1', 'ext_source_1.nwb', '/acquisition/test_timeseries1', true],
      ['/acquisition/test_timeseries2', 'ext_source_2.nwb', '/acquisition/test_timeseries2', true],
    ]);
    expect(ok[0].targetFile).toBe(fx('ext_source_1.nwb'));
    const moved = path.join(dir, 'moved');
    fs.mkdirSync(moved, { recursive: true });
    fs.copyFileSync(fx('ext_link_container.nwb'), path.join(moved, 'session.nwb'));
    fs.copyFileSync(fx('ext_source_1.nwb'), path.join(moved, 'ext_source_1.nwb'));
    const bad = checkLinks(path.join(moved, 'session.nwb'));
    expect(bad.map((l) => [l.link, l.resolves, l.reason])).toEqual([
      ['/acquisition/test_timeseries1', true, undefined],
      ['/acquisition/test_timeseries2', false, 'missing file'],
    ]);
    // a session file linking to a file that links further: both levels are reported
    const chain = file('chain.nwb');
    const io = new NWBHDF5IO(fx('ext_link_dataset.nwb'), 'r');
    const f = io.read();
    const w = new NWBHDF5IO(chain, 'w');
    const top = new NWBFile({ identifier: 'chain', sessionDescription: 'links to a linking file', sessionStartTime: START });
    top.addAcquisition(f.getAcquisition('linked_data_ts'));
    w.write(top);
    w.close();
    io.close();
    const all = checkLinks(chain);
    expect(all.map((l) => [path.basename(l.file), l.link, l.resolves])).toEqual([
      ['chain.nwb', '/acquisition/linked_data_ts', true],
      ['ext_link_dataset.nwb', '/acquisition/linked_data_ts/data', true],
    ]);
    expect(checkLinks(chain, { recursive: false })).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------- broken links

describe('broken external links on read', () => {
  test('the field is null, a warning names it, and touching the data throws naming link and file', () => {
    const moved = path.join(dir, 'moved-ds');
    fs.mkdirSync(moved, { recursive: true });
    fs.copyFileSync(fx('ext_link_dataset.nwb'), path.join(moved, 'session.nwb'));
    const io = new NWBHDF5IO(path.join(moved, 'session.nwb'), 'r');
    const warnings: string[] = [];
    io.on('warning', (m: string) => warnings.push(m));
    const f = io.read();
    const ts = f.getAcquisition('linked_data_ts') as TimeSeries;
    expect(ts.data).toBeNull();
    expect(warnings.join('\n')).toContain('ext_source_1.nwb');
    expect(io.brokenLinks().map((b) => b.link)).toEqual(['/acquisition/linked_data_ts/data']);
    const e = thrown(() => ts.readData());
    expect(e.code).toBe('ERR_H5_BROKEN_LINK');
    expect(e.message).toContain('/acquisition/linked_data_ts/data');
    expect(e.message).toContain('ext_source_1.nwb');
    expect(ts.readTimestamps()!.shape).toEqual([100]);
    // writing it elsewhere is touching it too
    const w = new NWBHDF5IO(file('from-broken.nwb'), 'w');
    const e2 = thrown(() => w.export({ srcIo: io }));
    expect(e2.code).toBe('ERR_H5_BROKEN_LINK');
    w.close();
    io.close();
  });
});

// ------------------------------------------------------------------------------------------- drivers

describe('drivers through NWBHDF5IO', () => {
  const series = () =>
    new TimeSeries({ name: 'big', data: { data: Float32Array.from({ length: 60000 }, (_, i) => Math.floor(i / 10)), shape: [6000, 10] }, unit: 'mV', rate: 1000 });

  test('family: written in members of the given size, read back; a wrong member size is a clear error', () => {
    const pattern = file('fam_%d.nwb');
    const f = new NWBFile({ identifier: 'fam', sessionDescription: 'family', sessionStartTime: START });
    f.addAcquisition(series());
    const w = new NWBHDF5IO(pattern, 'w', { driver: { driver: 'family', memberSize: 65536 } });
    w.write(f);
    w.close();
    const members = fs.readdirSync(dir).filter((n) => /^fam_\d+\.nwb$/.test(n));
    expect(members.length).toBeGreaterThan(2);
    expect(fs.statSync(fx('fam_0.nwb')).size).toBe(65536);
    const v = py(`
f = h5py.File(sys.argv[1], 'r', driver='family', memb_size=65536)
print(json.dumps([list(f['acquisition/big/data'].shape), float(f['acquisition/big/data'][()].astype('f8').sum())]))
`, pattern);
    expect(v).toEqual([[6000, 10], (10 * 5999 * 6000) / 2]);
    const r = new NWBHDF5IO(pattern, 'r', { driver: { driver: 'family', memberSize: 65536 } });
    expect((r.read().getAcquisition('big') as TimeSeries).readData().shape).toEqual([6000, 10]);
    r.close();
    const e = thrown(() => new NWBHDF5IO(pattern, 'r', { driver: { driver: 'family', memberSize: 1024 } }));
    expect(e.code).toBe('ERR_H5_FAMILY_MEMBER_SIZE');
    expect(e.message).toContain('fam_%d.nwb');
  });

  test('split: metadata and raw data in two files, read back by h5py and by us', () => {
    const base = file('split');
    const f = new NWBFile({ identifier: 'split', sessionDescription: 'split', sessionStartTime: START });
    f.addAcquisition(series());
    const w = new NWBHDF5IO(base, 'w', { driver: { driver: 'split' } });
    w.write(f);
    w.close();
    expect(fs.existsSync(base + '-m.h5')).toBe(true);
    expect(fs.statSync(base + '-r.h5').size).toBeGreaterThan(240000);
    const r = new NWBHDF5IO(base, 'r', { driver: { driver: 'split' } });
    const back = r.read();
    expect(back.identifier).toBe('split');
    expect((back.getAcquisition('big') as TimeSeries).readData().data[59999]).toBe(5999);
    r.close();
  });
});

// ------------------------------------------------------------------- a linked ElectricalSeries, end to end

describe('an ElectricalSeries linked from its recording file', () => {
  // session.nwb links ecephys.nwb's /acquisition/raw, whose electrodes region refers to ecephys.nwb's table
  const session = () => {
    const p = file('es-session.nwb');
    if (require('fs').existsSync(p)) return p;
    const io = new NWBHDF5IO(fx('ecephys.nwb'), 'r');
    const rec = io.read();
    const s = new NWBFile({ identifier: 'es-session', sessionDescription: 'links a recording', sessionStartTime: START });
    s.addAcquisition(rec.getAcquisition('raw'));
    const w = new NWBHDF5IO(p, 'w');
    w.write(s);
    w.close();
    io.close();
    return p;
  };

  test('reads with its region resolved in the recording file (no broken link)', () => {
    const io = new NWBHDF5IO(session(), 'r');
    const f = io.read();
    const es = f.getAcquisition('raw') as ElectricalSeries;
    const table = (es.get('electrodes') as DynamicTableRegion).table!;
    expect(table).toBeTruthy();
    expect(table.length).toBe(4);
    expect(table._origin!.file).toBe(fx('ecephys.nwb'));
    expect(io.brokenLinks()).toEqual([]);
    io.close();
  });

  test('export with linkData false and copyFile write the table, its groups and device where they belong', async () => {
    const exported = file('es-export.nwb');
    const src = new NWBHDF5IO(session(), 'r');
    const w = new NWBHDF5IO(exported, 'w');
    w.export({ srcIo: src, writeArgs: { linkData: false } });
    w.close();
    src.close();
    const shared = file('es-shared.nwb');
    const phases: string[] = [];
    await NWBHDF5IO.copyFile({ sourceFilename: session(), destFilename: shared, onProgress: (p) => phases.push(p.phase) });
    expect(phases[phases.length - 1]).toBe('done');
    for (const p of [exported, shared]) {
      expect(Object.values(links(p)).filter(([k]) => k === 'external')).toEqual([]);
      const v = py(`
f = h5py.File(sys.argv[1], 'r')
t = f[f['acquisition/raw/electrodes'].attrs['table']]
print(json.dumps([t.name, [f[r].name for r in t['group'][()]], f['general/extracellular_ephys/shank0'].get('device', getlink=True).path + ':' + f['general/extracellular_ephys/shank0/device'].attrs['neurodata_type'],
  sorted(k for k in f if k.startswith('~')), int(f['acquisition/raw/data'][()].astype('i8').sum())]))
`, p);
      expect(v).toEqual([
        '/general/extracellular_ephys/electrodes', Array(4).fill('/general/extracellular_ephys/shank0'), '/general/devices/probe:Device', [],
        py(`f = h5py.File(sys.argv[1], 'r'); print(json.dumps(int(f['acquisition/raw/data'][()].astype('i8').sum())))`, fx('ecephys.nwb')),
      ]);
      const r = new NWBHDF5IO(p, 'r');
      const back = r.read();
      expect(r.brokenLinks()).toEqual([]);
      expect(((back.getAcquisition('raw') as ElectricalSeries).get('electrodes') as DynamicTableRegion).table).toBe(back.electrodes);
      r.close();
    }
  });
});
