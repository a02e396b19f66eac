/**
 * The NWB tutorial: modular data storage using external files (PyNWB's tutorial of that name), end to end.
 *
 *   1. Two acquisition streams recorded at the same time, each into its own file, written as the data arrives:
 *      raw_ephys.nwb (a TimeSeries, 32 channels of int16, appended block by block through H5DataIO's live
 *      datasets) and raw_behavior.nwb (a wheel-speed TimeSeries whose data and timestamps are async iterables of
 *      chunks drained by writeAsync).
 *   2. session.nwb: a new file whose acquisition holds both streams' containers, as external links.
 *   3. aligned.nwb: the behavior data linked as a dataset, with timestamps re-aligned to the session clock and
 *      written here, a second series sharing them (soft link), and the uncorrected hardware times in sync/.
 *   4. derived.nwb: session.copy() (a shallow copy linking to what the session holds) plus a processing module.
 *   5. shared.nwb and exported.nwb: one self-contained file each (NWBHDF5IO.copyFile of derived.nwb; export of
 *      session.nwb with linkData false).
 *   6. family_%d.nwb: a larger recording written through the family driver in 1 MiB members, read back.
 *
 * After each step it prints the file's structure (links with kind and target, datasets with shape, dtype and
 * chunking) and, for files with external links, whether every link resolves (checkLinks).
 *
 * Run: npm run demo [dir]   (writes into a new temporary folder unless given one)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { H5DataIO, libraryInfo, NWBFile, NWBHDF5IO, Subject, TimeSeries } from 'h5nwb';
import type { CopyProgress, Dataset } from 'h5nwb';
import { describe, linkStatus } from './describe';
import type { Entry } from './describe';

// ------------------------------------------------------------------------------------------- the setup

const SESSION_START = '2024-03-04T09:30:00.000000+01:00';
const EPHYS_RATE = 30000;
const EPHYS_CHANNELS = 32;
const EPHYS_BLOCK = 3000; // 100 ms per block from the acquisition system
const BEHAVIOR_RATE = 1000;
const BEHAVIOR_BLOCK = 100; // 100 ms per block from the wheel encoder
/** The behavior computer's clock read 2.5 s when the session (the ephys clock) started. */
const BEHAVIOR_CLOCK_AHEAD = 2.5;
/** Added to the behavior hardware timestamps to put them on the session clock. */
export const CLOCK_OFFSET = -BEHAVIOR_CLOCK_AHEAD;
const FAMILY_CHANNELS = 64;

export interface TutorialOptions {
  /** Seconds of the two simulated streams (default 6). */
  seconds?: number;
  /** Seconds of the family-driver recording (64 channels at 30 kHz; default 2, about 7.3 MiB). */
  familySeconds?: number;
  /** Member size of the family file (default 1 MiB). */
  memberSize?: number;
}

export interface StreamStats {
  file: string;
  blocks: number;
  rows: number;
  /** Bytes of data and timestamps appended. */
  bytes: number;
  seconds: number;
  bytesPerSecond: number;
}

export interface StepResult {
  step: string;
  file: string;
  /** Size of the file on disk (a family file: all its members). */
  bytes: number;
  structure: Entry[];
  /** checkLinks() lines (files with external links, and the self-contained copies). */
  links?: string[];
}

export interface TutorialResult {
  dir: string;
  files: {
    ephys: string; behavior: string; session: string; aligned: string; derived: string; shared: string; exported: string;
    /** The family file's name pattern (with %d) and its members. */
    family: string; familyMembers: string[];
  };
  streams: { ephys: StreamStats; behavior: StreamStats; bytes: number; seconds: number; bytesPerSecond: number };
  family: StreamStats & { memberSize: number };
  clockOffset: number;
  copy: { phases: string[]; events: number; bytesWritten: number; objects: number };
  steps: StepResult[];
  /** Everything printed. */
  lines: string[];
}

// ---------------------------------------------------------------------------------- simulated devices

/** Blocks as an acquisition device delivers them: one per turn of the event loop. */
async function* device<T>(blocks: number, make: (i: number) => T): AsyncGenerator<T> {
  for (let i = 0; i < blocks; i++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    yield make(i);
  }
}

/** A deterministic noise source (so that runs write the same values). */
function noise(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
}

/** One block of the ephys stream: EPHYS_BLOCK rows of `channels` int16 (microvolts) and their times. */
export function ephysBlock(i: number, channels = EPHYS_CHANNELS, rows = EPHYS_BLOCK): { data: Int16Array; timestamps: Float64Array } {
  const rnd = noise(i + 1);
  const data = new Int16Array(rows * channels);
  const timestamps = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const n = i * rows + r;
    const t = n / EPHYS_RATE;
    timestamps[r] = t;
    const theta = 120 * Math.sin(2 * Math.PI * 8 * t);
    for (let c = 0; c < channels; c++) data[r * channels + c] = Math.round(theta * (1 - c / (2 * channels)) + 40 * rnd() + c);
  }
  return { data, timestamps };
}

/** One block of the wheel encoder: speed (cm/s) and the behavior computer's timestamps. */
export function behaviorBlock(i: number): { data: Float32Array; timestamps: Float64Array } {
  const rnd = noise(1000 + i);
  const data = new Float32Array(BEHAVIOR_BLOCK);
  const timestamps = new Float64Array(BEHAVIOR_BLOCK);
  for (let r = 0; r < BEHAVIOR_BLOCK; r++) {
    const t = (i * BEHAVIOR_BLOCK + r) / BEHAVIOR_RATE;
    timestamps[r] = t + BEHAVIOR_CLOCK_AHEAD;
    data[r] = Math.max(0, 20 + 15 * Math.sin(2 * Math.PI * 0.25 * t) + rnd());
  }
  return { data, timestamps };
}

/** Splits one async stream into two (each consumer pulls at its own pace; what one got ahead waits in a queue). */
function tee<T, A, B>(source: AsyncIterable<T>, left: (x: T) => A, right: (x: T) => B, onItem?: (x: T) => void): [AsyncIterable<A>, AsyncIterable<B>] {
  const it = source[Symbol.asyncIterator]();
  const qa: A[] = [];
  const qb: B[] = [];
  let done = false;
  let pulling: Promise<void> | null = null;
  const pull = (): Promise<void> =>
    (pulling ??= it.next().then((r) => {
      pulling = null;
      if (r.done) done = true;
      else {
        onItem?.(r.value);
        qa.push(left(r.value));
        qb.push(right(r.value));
      }
    }));
  async function* branch<X>(q: X[]): AsyncGenerator<X> {
    for (;;) {
      if (q.length) yield q.shift()!;
      else if (done) return;
      else await pull();
    }
  }
  return [branch(qa), branch(qb)];
}

// ------------------------------------------------------------------------------------------ the steps

function newFile(identifier: string, sessionDescription: string): NWBFile {
  return new NWBFile({
    identifier, sessionDescription, sessionStartTime: SESSION_START, experimenter: ['Doe, Jane'], lab: 'h5nwb tutorial',
    subject: new Subject({ subjectId: 'mouse-42', species: 'Mus musculus', sex: 'F', age: 'P90D' }),
  });
}

/** Stream 1: the ephys recording, appended block by block to H5DataIO's live datasets. */
async function recordEphys(file: string, blocks: number): Promise<StreamStats> {
  const nwb = newFile('raw-ephys', 'raw extracellular recording');
  nwb.createDevice({ name: 'probe', description: `${EPHYS_CHANNELS}-channel silicon probe`, manufacturer: 'simulated' });
  // Empty growable datasets, created by the write below and filled as the blocks arrive.
  const data = new H5DataIO({ shape: [0, EPHYS_CHANNELS], maxshape: [null, EPHYS_CHANNELS], dtype: 'int16', chunks: [EPHYS_BLOCK, EPHYS_CHANNELS] });
  const timestamps = new H5DataIO({ shape: [0], maxshape: [null], dtype: 'float64', chunks: [EPHYS_BLOCK * 4] });
  // A TimeSeries, as in PyNWB's tutorial. (An ElectricalSeries would carry a reference to this file's electrodes
  // table, which the linked, exported and copied files of the later steps do not carry over yet.)
  nwb.addAcquisition(new TimeSeries({
    name: 'ephys', data, timestamps, unit: 'volts', conversion: 1e-6, description: `${EPHYS_CHANNELS} channels of wideband signal in microvolts, as it arrived`,
  }));
  const t0 = performance.now();
  const io = new NWBHDF5IO(file, 'w');
  io.write(nwb); // the layout, with two empty growable datasets
  let bytes = 0;
  let rows = 0;
  for await (const block of device(blocks, (i) => ephysBlock(i))) {
    await Promise.all([data.dataset!.appendAsync(block.data), timestamps.dataset!.appendAsync(block.timestamps)]);
    bytes += block.data.byteLength + block.timestamps.byteLength;
    rows += block.timestamps.length;
  }
  io.close();
  const seconds = (performance.now() - t0) / 1000;
  return { file, blocks, rows, bytes, seconds, bytesPerSecond: bytes / seconds };
}

/** Stream 2: the wheel encoder, its data and timestamps two async iterables drained by writeAsync. */
async function recordBehavior(file: string, blocks: number): Promise<StreamStats> {
  const nwb = newFile('raw-behavior', 'raw wheel encoder');
  let bytes = 0;
  let rows = 0;
  const [speed, times] = tee(device(blocks, behaviorBlock), (b) => b.data, (b) => b.timestamps, (b) => {
    bytes += b.data.byteLength + b.timestamps.byteLength;
    rows += b.data.length;
  });
  nwb.addAcquisition(new TimeSeries({
    name: 'wheel_speed', unit: 'cm/s', description: 'running wheel speed, on the behavior computer\'s clock',
    data: new H5DataIO({ data: speed, dtype: 'float32', chunks: [1000], compression: 'gzip' }),
    timestamps: new H5DataIO({ data: times, chunks: [1000] }),
  }));
  const t0 = performance.now();
  const io = new NWBHDF5IO(file, 'w');
  await io.writeAsync(nwb);
  io.close();
  const seconds = (performance.now() - t0) / 1000;
  return { file, blocks, rows, bytes, seconds, bytesPerSecond: bytes / seconds };
}

/** Step 6: a larger recording through the family driver, appended as it arrives. */
async function recordFamily(pattern: string, blocks: number, memberSize: number): Promise<StreamStats> {
  const nwb = newFile('family', 'a long recording stored in fixed-size member files');
  const data = new H5DataIO({ shape: [0, FAMILY_CHANNELS], maxshape: [null, FAMILY_CHANNELS], dtype: 'int16', chunks: [EPHYS_BLOCK, FAMILY_CHANNELS] });
  nwb.addAcquisition(new TimeSeries({ name: 'ephys64', data, unit: 'uV', rate: EPHYS_RATE, startingTime: 0, description: '64 channels at 30 kHz' }));
  const t0 = performance.now();
  const io = new NWBHDF5IO(pattern, 'w', { driver: { driver: 'family', memberSize } });
  io.write(nwb);
  let bytes = 0;
  let rows = 0;
  for await (const block of device(blocks, (i) => ephysBlock(i, FAMILY_CHANNELS))) {
    await data.dataset!.appendAsync(block.data);
    bytes += block.data.byteLength;
    rows += EPHYS_BLOCK;
  }
  io.close();
  const seconds = (performance.now() - t0) / 1000;
  return { file: pattern, blocks, rows, bytes, seconds, bytesPerSecond: bytes / seconds };
}

// ------------------------------------------------------------------------------------------ printing

const MB = 1e6;
const fmtMB = (b: number) => `${(b / MB).toFixed(2)} MB`;
const fmtRate = (s: StreamStats) => `${fmtMB(s.bytes)} in ${s.seconds.toFixed(3)} s = ${(s.bytesPerSecond / MB).toFixed(1)} MB/s`;

// --------------------------------------------------------------------------------------------- the run

export async function runTutorial(dir: string, log: (line: string) => void = () => {}, options: TutorialOptions = {}): Promise<TutorialResult> {
  const seconds = options.seconds ?? 6;
  const familySeconds = options.familySeconds ?? 2;
  const memberSize = options.memberSize ?? 1024 * 1024;
  fs.mkdirSync(dir, { recursive: true });
  const at = (name: string) => path.join(dir, name);
  const files = {
    ephys: at('raw_ephys.nwb'), behavior: at('raw_behavior.nwb'), session: at('session.nwb'), aligned: at('aligned.nwb'),
    derived: at('derived.nwb'), shared: at('shared.nwb'), exported: at('exported.nwb'), family: at('family_%d.nwb'),
    familyMembers: [] as string[],
  };
  const lines: string[] = [];
  const out = (line: string) => {
    lines.push(line);
    log(line);
  };
  const steps: StepResult[] = [];
  const show = (step: string, file: string, opts: { links?: boolean; members?: string[]; driver?: { driver: 'family'; memberSize: number } } = {}) => {
    const d = describe(file, { driver: opts.driver, hideText: true });
    const bytes = opts.members ? opts.members.reduce((s, m) => s + fs.statSync(m).size, 0) : fs.statSync(file).size;
    out(`  ${path.basename(file)} (${fmtMB(bytes)})`);
    for (const l of d.lines) out(`    ${l}`);
    let links: string[] | undefined;
    if (opts.links) {
      links = linkStatus(file).lines;
      out('    checkLinks:');
      for (const l of links) out(`      ${l}`);
    }
    steps.push({ step, file, bytes, structure: d.entries, links });
  };

  out(`h5nwb NWB tutorial: modular data storage using external files (HDF5 ${libraryInfo().hdf5Version})`);
  out(`writing into ${dir}`);
  out('(each file is listed without its text metadata and empty groups: groups end in /, <type> is the neurodata_type)');

  // 1. Two streams at once, each into its own file, written as the blocks arrive.
  out('');
  out('== 1. two acquisition streams recorded at the same time, each written into its own file as it arrives');
  const ephysBlocks = Math.max(1, Math.round((seconds * EPHYS_RATE) / EPHYS_BLOCK));
  const behaviorBlocks = Math.max(1, Math.round((seconds * BEHAVIOR_RATE) / BEHAVIOR_BLOCK));
  const t0 = performance.now();
  const [ephys, behavior] = await Promise.all([recordEphys(files.ephys, ephysBlocks), recordBehavior(files.behavior, behaviorBlocks)]);
  const wall = (performance.now() - t0) / 1000;
  const streams = { ephys, behavior, bytes: ephys.bytes + behavior.bytes, seconds: wall, bytesPerSecond: (ephys.bytes + behavior.bytes) / wall };
  out(`  raw_ephys.nwb: TimeSeries, ${EPHYS_CHANNELS} ch int16 at ${EPHYS_RATE / 1000} kHz + timestamps, ${ephys.blocks} blocks (${ephys.rows} rows) appended with dataset.appendAsync: ${fmtRate(ephys)}`);
  out(`  raw_behavior.nwb: TimeSeries, float32 at ${BEHAVIOR_RATE} Hz + timestamps, ${behavior.blocks} blocks (${behavior.rows} rows) from async iterables via writeAsync: ${fmtRate(behavior)}`);
  out(`  write throughput, both streams together: ${fmtMB(streams.bytes)} in ${wall.toFixed(3)} s = ${(streams.bytesPerSecond / MB).toFixed(1)} MB/s`);
  show('raw_ephys', files.ephys);
  show('raw_behavior', files.behavior);

  // 2. The session file: the streams' containers, read from their files, linked.
  out('');
  out('== 2. session.nwb: both streams linked as whole containers (external links)');
  {
    const ephysIo = new NWBHDF5IO(files.ephys, 'r');
    const behaviorIo = new NWBHDF5IO(files.behavior, 'r');
    const session = newFile('session-0001', 'one session: ephys and behavior recorded into their own files');
    session.addAcquisition(ephysIo.read().getAcquisition('ephys'));
    session.addAcquisition(behaviorIo.read().getAcquisition('wheel_speed'));
    const io = new NWBHDF5IO(files.session, 'w');
    io.write(session);
    io.close();
    ephysIo.close();
    behaviorIo.close();
  }
  show('session', files.session, { links: true });

  // 3. Linking to a dataset: the behavior data stays in its file; the aligned timestamps are written here.
  out('');
  out(`== 3. aligned.nwb: the behavior data linked as a dataset, timestamps re-aligned to the session clock (offset ${CLOCK_OFFSET} s)`);
  {
    const rawIo = new NWBHDF5IO(files.behavior, 'r');
    const raw = rawIo.read().getAcquisition('wheel_speed') as TimeSeries;
    const hardware = raw.readTimestamps()!.data as Float64Array;
    const speed = raw.readData().data as Float32Array;
    const nwb = newFile('session-0001-aligned', 'behavior on the session clock');
    const aligned = new TimeSeries({
      name: 'wheel_speed', unit: raw.unit, description: 'running wheel speed on the session clock (data linked from raw_behavior.nwb)',
      data: raw.data as Dataset, // a Dataset of another file: written as an external link
      timestamps: hardware.map((t) => t + CLOCK_OFFSET),
    });
    aligned.addSync('hardware_timestamps', raw.timestamps as Dataset); // the uncorrected times (linked too)
    nwb.addAcquisition(aligned);
    const accel = new Float32Array(speed.length);
    for (let i = 1; i < speed.length; i++) accel[i] = (speed[i] - speed[i - 1]) * BEHAVIOR_RATE;
    const mod = nwb.createProcessingModule({ name: 'behavior', description: 'derived from the aligned wheel speed' });
    mod.add(new TimeSeries({ name: 'wheel_acceleration', data: accel, unit: 'cm/s^2', timestamps: aligned })); // shares them: a soft link
    const io = new NWBHDF5IO(files.aligned, 'w');
    io.write(nwb);
    io.close();
    rawIo.close();
  }
  show('aligned', files.aligned, { links: true });

  // 4. The shallow copy: everything the session holds, linked, plus new analysis results.
  out('');
  out('== 4. derived.nwb: session.copy() (links to what the session holds) plus a processing module');
  {
    const sessionIo = new NWBHDF5IO(files.session, 'r');
    const session = sessionIo.read();
    const derived = session.copy();
    const wheel = session.getAcquisition('wheel_speed') as TimeSeries;
    const speed = wheel.readData().data as Float32Array;
    const factor = 10;
    const down = new Float32Array(Math.floor(speed.length / factor));
    for (let i = 0; i < down.length; i++) {
      let s = 0;
      for (let k = 0; k < factor; k++) s += speed[i * factor + k];
      down[i] = s / factor;
    }
    const first = (wheel.readTimestamps({ start: [0], count: [1] })!.data as Float64Array)[0] + CLOCK_OFFSET;
    const mod = derived.createProcessingModule({ name: 'behavior', description: 'wheel speed, downsampled' });
    mod.add(new TimeSeries({ name: 'wheel_speed_100Hz', data: down, unit: 'cm/s', rate: BEHAVIOR_RATE / factor, startingTime: first, description: `mean of every ${factor} samples` }));
    const io = new NWBHDF5IO(files.derived, 'w');
    io.write(derived);
    io.close();
    sessionIo.close();
  }
  show('derived', files.derived, { links: true });

  // 5. One file to share: every external link resolved, recursively.
  out('');
  out('== 5. shared.nwb: NWBHDF5IO.copyFile of derived.nwb (external links expanded); exported.nwb: export of session.nwb with linkData false');
  const phases: string[] = [];
  let events = 0;
  const done: CopyProgress = await NWBHDF5IO.copyFile({
    sourceFilename: files.derived, destFilename: files.shared,
    onProgress: (p) => {
      events++;
      if (phases[phases.length - 1] !== p.phase) phases.push(p.phase);
    },
  });
  const copy = { phases, events, bytesWritten: done.bytesWritten, objects: done.objects };
  out(`  copyFile: ${done.objects} objects, ${fmtMB(done.bytesWritten)} written, progress phases ${phases.join(' -> ')} (${events} events)`);
  show('shared', files.shared, { links: true });
  {
    const srcIo = new NWBHDF5IO(files.session, 'r');
    const io = new NWBHDF5IO(files.exported, 'w');
    io.export({ srcIo, writeArgs: { linkData: false } });
    io.close();
    srcIo.close();
  }
  show('exported', files.exported, { links: true });

  // 6. The family driver: one logical file in fixed-size members.
  out('');
  out(`== 6. family_%d.nwb: a longer recording written through the family driver in ${memberSize}-byte members`);
  for (const n of fs.readdirSync(dir)) if (/^family_\d+\.nwb$/.test(n)) fs.rmSync(at(n)); // members of an earlier run
  const familyBlocks = Math.max(1, Math.round((familySeconds * EPHYS_RATE) / EPHYS_BLOCK));
  const fam = await recordFamily(files.family, familyBlocks, memberSize);
  const members = fs.readdirSync(dir).filter((n) => /^family_\d+\.nwb$/.test(n)).sort((a, b) => parseInt(a.slice(7), 10) - parseInt(b.slice(7), 10));
  files.familyMembers = members.map(at);
  out(`  ${FAMILY_CHANNELS} ch int16, ${fam.blocks} blocks (${fam.rows} rows) appended with dataset.appendAsync: ${fmtRate(fam)}`);
  out(`  members: ${members.join(', ')}`);
  {
    const driver = { driver: 'family' as const, memberSize };
    const io = new NWBHDF5IO(files.family, 'r', { driver });
    const ts = io.read().getAcquisition('ephys64') as TimeSeries;
    const shape = (ts.data as Dataset).shape;
    const last = ts.readData({ start: [shape[0] - 1, 0], count: [1, FAMILY_CHANNELS] }).data as Int16Array;
    const expected = ephysBlock(familyBlocks - 1, FAMILY_CHANNELS).data.subarray((EPHYS_BLOCK - 1) * FAMILY_CHANNELS);
    const same = last.every((v, i) => v === expected[i]);
    io.close();
    out(`  read back: ephys64 data [${shape.join(', ')}], last row ${same ? 'matches' : 'DIFFERS from'} what was appended`);
    if (!same) throw new Error('the family file did not read back what was written');
    show('family', files.family, { driver, members: files.familyMembers });
  }
  const family = { ...fam, memberSize };

  out('');
  out(`done: ${steps.length} files in ${dir}`);
  return { dir, files, streams, family, clockOffset: CLOCK_OFFSET, copy, steps, lines };
}

async function main(): Promise<void> {
  const arg = process.argv[2];
  const dir = arg ? path.resolve(arg) : fs.mkdtempSync(path.join(os.tmpdir(), 'h5nwb-tutorial-'));
  await runTutorial(dir, (line) => console.log(line));
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
