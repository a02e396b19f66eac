/**
 * Every PyNWB fixture reads with the values its MANIFEST lists (../shared/fixtures/pynwb/MANIFEST.md), and with
 * the object ids of the reference reader's inventory (expected/*.json).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Container, Dataset, NWBHDF5IO, TimeSeries } from '../../lib';
import { copyFixtures, sharedDir, tmpDir } from '../helpers';

const { dir } = tmpDir('fixtures');
copyFixtures(dir);
const fx = (name: string) => path.join(dir, name);
const expected = (name: string) => JSON.parse(fs.readFileSync(sharedDir('fixtures', 'pynwb', 'expected', `${name}.json`), 'utf8'));

function sum(d: unknown): number {
  const data = (d as Dataset).read().data as ArrayLike<number | bigint>;
  let s = 0;
  for (let i = 0; i < data.length; i++) s += Number(data[i]);
  return s;
}

function open(name: string, options = {}) {
  const io = new NWBHDF5IO(fx(name), 'r', options);
  const warnings: string[] = [];
  io.on('warning', (w: string) => warnings.push(w));
  return { io, f: io.read(), warnings };
}

test('ts_basic: file fields, subject, explicit timestamps and rate-based series', () => {
  const { io, f } = open('ts_basic.nwb');
  const exp = expected('ts_basic');
  expect(f.identifier).toBe('fixture-ts-basic');
  expect(f.sessionDescription).toBe(exp.session_description);
  expect(f.sessionStartTime).toBe('2024-01-02T03:04:05.123456-08:00');
  expect(f.timestampsReferenceTime).toBe('2024-01-02T03:04:05.123456-08:00');
  expect(f.fileCreateDate).toEqual(['2024-01-03T10:00:00+00:00']);
  expect(f.objectId).toBe(exp.root_attrs.object_id);
  expect(f.experimenter).toEqual(['Doe, Jane', 'Roe, Richard']);
  expect(f.lab).toBe('Test Lab');
  expect(f.institution).toBe('Test University');
  expect(f.keywords).toEqual(['fixture', 'timeseries']);
  expect(f.experimentDescription).toBe('oracle fixture');
  expect(f.sessionId).toBe('sess-001');
  const s = f.subject!;
  expect([s.subjectId, s.species, s.sex, s.age, s.description]).toEqual(['mouse-001', 'Mus musculus', 'F', 'P90D', 'test subject']);
  expect(s.get('age@reference')).toBe('birth');

  const ts = f.getAcquisition('ts_timestamps') as TimeSeries;
  expect(ts).toBeInstanceOf(TimeSeries);
  expect(ts.objectId).toBe(exp.acquisition.ts_timestamps.object_id);
  expect((ts.data as Dataset).shape).toEqual([10, 2]);
  expect(sum(ts.data)).toBe(95);
  expect([ts.unit, ts.conversion, ts.resolution, ts.offset]).toEqual(['volts', 0.001, 0.0001, 0.25]);
  expect([ts.description, ts.comments]).toEqual(['explicit timestamps', 'first series']);
  const t = (ts.timestamps as Dataset).read().data as Float64Array;
  expect(Array.from(t)).toEqual(Array.from({ length: 10 }, (_, i) => [0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001, 0.7000000000000001, 0.8, 0.9][i]));
  expect(ts.get('timestamps@interval')).toBe(1n);
  expect(ts.get('timestamps@unit')).toBe('seconds');

  const tr = f.getAcquisition('ts_rate') as TimeSeries;
  expect((tr.data as Dataset).dtype).toBe('int16');
  expect(sum(tr.data)).toBe(4950);
  expect([tr.unit, tr.conversion, tr.resolution, tr.startingTime, tr.rate]).toEqual(['counts', 2.0, -1.0, 1.5, 30.0]);
  expect(tr.get('starting_time@unit')).toBe('seconds');
  io.close();
});

test('ext_link_container: whole-container external links read as the source files\' objects', () => {
  const { io, f } = open('ext_link_container.nwb');
  const src1 = open('ext_source_1.nwb');
  const src2 = open('ext_source_2.nwb');
  const a = f.getAcquisition('test_timeseries1') as TimeSeries;
  const b = f.getAcquisition('test_timeseries2') as TimeSeries;
  expect(a.objectId).toBe(src1.f.getAcquisition('test_timeseries1').objectId);
  expect(b.objectId).toBe(src2.f.getAcquisition('test_timeseries2').objectId);
  expect(a._origin!.file).toBe(fx('ext_source_1.nwb'));
  expect(a._origin!.path).toBe('/acquisition/test_timeseries1');
  expect(sum(a.data)).toBe(499500);
  expect(sum(b.data)).toBe(999000);
  expect(a.unit).toBe('SIunit');
  expect(io.brokenLinks()).toEqual([]);
  for (const x of [io, src1.io, src2.io]) x.close();
});

test('ext_link_dataset: a local series whose data is an external link to another file\'s dataset', () => {
  const { io, f } = open('ext_link_dataset.nwb');
  const exp = expected('ext_link_dataset');
  const ts = f.getAcquisition('linked_data_ts') as TimeSeries;
  expect(ts.objectId).toBe(exp.acquisition.linked_data_ts.object_id);
  expect(ts._origin!.file).toBe(fx('ext_link_dataset.nwb'));
  expect((ts.data as Dataset).shape).toEqual([100, 10]);
  expect(sum(ts.data)).toBe(499500);
  expect(ts.unit).toBe('SIunit');
  const t = (ts.timestamps as Dataset).read().data as Float64Array;
  expect(t.length).toBe(100);
  expect(t[99]).toBeCloseTo(0.99, 12);
  expect(io.h5file.getLink('acquisition/linked_data_ts/data')).toEqual({ type: 'external', file: 'ext_source_1.nwb', path: '/acquisition/test_timeseries1/data' });
  io.close();
});

test('soft_link: shared timestamps and data, and a schema link to the device', () => {
  const { io, f } = open('soft_link.nwb');
  const a = f.getAcquisition('ts_a') as TimeSeries;
  const b = f.getAcquisition('ts_b_shared_timestamps') as TimeSeries;
  const c = f.getAcquisition('ts_c_shared_data') as TimeSeries;
  expect(sum(a.data)).toBe(1225);
  expect((b.timestamps as Dataset).read().data).toEqual((a.timestamps as Dataset).read().data);
  expect(sum(c.data)).toBe(1225);
  expect(io.h5file.getLink('acquisition/ts_b_shared_timestamps/timestamps')).toEqual({ type: 'soft', path: '/acquisition/ts_a/timestamps' });
  const shank = f.electrodeGroups.get('shank0')!;
  expect(shank.get('device')).toBe(f.devices.get('probe_device'));
  io.close();
});

test('family: the family driver through NWBHDF5IO', () => {
  const { io, f } = open('family_%d.nwb', { driver: { driver: 'family', memberSize: 1048576 } });
  const ts = f.getAcquisition('example_timeseries') as TimeSeries;
  const d = ts.data as Dataset;
  expect(d.shape).toEqual([24000, 10]);
  expect(d.chunks).toEqual([1000, 10]);
  expect(d.maxshape).toEqual([null, 10]);
  expect(sum(d)).toBe(2760000);
  expect([ts.startingTime, ts.rate, ts.unit]).toEqual([0, 1, 'mV']);
  io.close();
});

test('chunked_compressed: chunking and filters as PyNWB wrote them', () => {
  const { io, f } = open('chunked_compressed.nwb');
  const c = (f.getAcquisition('compressed') as TimeSeries).data as Dataset;
  expect([c.shape, c.chunks, c.maxshape, c.compression, c.compressionOpts, c.shuffle]).toEqual([[500, 8], [100, 8], [null, 8], 'gzip', 4, true]);
  expect(sum(c)).toBe(1012000);
  const cts = f.getAcquisition('compressed_ts') as TimeSeries;
  const d = cts.data as Dataset;
  expect([d.dtype, d.chunks, d.maxshape, d.compression]).toEqual(['int32', [250], [null], 'gzip']);
  expect((cts.timestamps as Dataset).chunks).toEqual([1000]);
  io.close();
});

test('exported_single: the export of ext_link_container keeps identifier and object ids', () => {
  const { io, f } = open('exported_single.nwb');
  const src = open('ext_link_container.nwb');
  expect(f.identifier).toBe('fixture-ext-link-container');
  expect(f.objectId).toBe(src.f.objectId);
  expect(f.getAcquisition('test_timeseries1').objectId).toBe(src.f.getAcquisition('test_timeseries1').objectId);
  expect(io.h5file.getLink('acquisition/test_timeseries1')).toEqual({ type: 'hard' });
  expect(sum((f.getAcquisition('test_timeseries2') as TimeSeries).data)).toBe(999000);
  io.close();
  src.io.close();
});

test('ecephys: devices, electrode group, electrodes table, regions, units and trials', () => {
  const { io, f } = open('ecephys.nwb');
  const probe = f.devices.get('probe')!;
  expect([probe.get('@description'), probe.get('@manufacturer')]).toEqual(['16-channel probe', 'Acme']);
  const shank = f.electrodeGroups.get('shank0')!;
  expect(shank.get('@location')).toBe('CA1');
  expect(shank.get('device')).toBe(probe);
  const el = f.electrodes!;
  expect(el.get('@colnames')).toEqual(['location', 'group', 'group_name', 'label', 'impedance_ohm', 'x', 'y', 'z']);
  const col = (t: Container, n: string) => (t.get(n) ?? t.children('*').get(n)) as Container;
  expect(col(el, 'group').get('data')).toEqual([shank, shank, shank, shank]);
  expect(col(el, 'label').get('data')).toEqual(['ch0', 'ch1', 'ch2', 'ch3']);
  expect(Array.from((col(el, 'impedance_ohm').get('data') as Dataset).read().data as Float64Array)).toEqual([1e6, 1e6 + 1, 1e6 + 2, 1e6 + 3]);
  expect(Array.from((col(el, 'z').get('data') as Dataset).read().data as Float64Array)).toEqual([-0, -10, -20, -30]);
  expect(Array.from((el.get('id') as Container).get('data') instanceof Dataset ? ((el.get('id') as Container).get('data') as Dataset).read().data as BigInt64Array : [])).toEqual([0n, 1n, 2n, 3n]);

  const raw = f.getAcquisition('raw') as TimeSeries;
  expect(raw.neurodataType).toBe('ElectricalSeries');
  expect(sum(raw.data)).toBe(Array.from({ length: 800 }, (_, i) => i - 400).reduce((a, b) => a + b, 0));
  expect(raw.conversion).toBeCloseTo(1.95e-7, 20);
  expect(raw.rate).toBe(1000);
  expect(raw.get('@filtering')).toBe('none');
  const region = raw.get('electrodes') as Container;
  expect(region.get('@table')).toBe(el);
  expect(Array.from((region.get('data') as Dataset).read().data as BigInt64Array)).toEqual([0n, 1n, 2n, 3n]);

  const lfp = (f.getProcessingModule('ecephys').get('LFP') as Container).children('*').get('lfp') as TimeSeries;
  expect((lfp.data as Dataset).shape).toEqual([50, 2]);
  expect(lfp.rate).toBe(250);

  const u = f.units!;
  const idx = col(u, 'spike_times_index');
  expect(idx.get('@target')).toBe(col(u, 'spike_times'));
  expect((idx.get('data') as Dataset).dtype).toBe('uint8');
  expect(Array.from((idx.get('data') as Dataset).read().data as Uint8Array)).toEqual([3, 4, 9]);
  expect(col(u, 'quality').get('data')).toEqual(['good', 'mua', 'noise']);

  const trials = f.trials!;
  expect(col(trials, 'stim').get('data')).toEqual(['s0', 's1', 's2']);
  expect(Array.from((col(trials, 'stop_time').get('data') as Dataset).read().data as Float64Array)).toEqual([0.5, 1.5, 2.5]);
  io.close();
});

test('a missing external link target: the read succeeds, warns, and brokenLinks() names the link and the file', () => {
  const lonely = path.join(dir, 'lonely');
  fs.mkdirSync(lonely);
  fs.copyFileSync(fx('ext_link_container.nwb'), path.join(lonely, 'ext_link_container.nwb'));
  fs.copyFileSync(fx('ext_source_1.nwb'), path.join(lonely, 'ext_source_1.nwb'));
  const io = new NWBHDF5IO(path.join(lonely, 'ext_link_container.nwb'), 'r');
  const warnings: string[] = [];
  io.on('warning', (w: string) => warnings.push(w));
  const f = io.read();
  expect(sum((f.getAcquisition('test_timeseries1') as TimeSeries).data)).toBe(499500);
  expect(() => f.getAcquisition('test_timeseries2')).toThrow(/test_timeseries2/);
  const broken = io.brokenLinks();
  expect(broken).toHaveLength(1);
  expect(broken[0].link).toBe('/acquisition/test_timeseries2');
  expect(broken[0].target).toEqual({ file: 'ext_source_2.nwb', path: '/acquisition/test_timeseries2' });
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatch(/ext_source_2\.nwb/);
  io.close();
});
