/**
 * NWBHDF5IO: reads and writes NWB files as PyNWB does (same modes, same layout), through the HDF5 backend.
 */
import { EventEmitter } from 'events';
import * as path from 'path';
import * as fs from 'fs';
import { checkLinks, copyFile, copyFileSync, File } from '../../h5';
import { scan, verifyCopy } from '../../h5/copy';
import type { CopyProgress } from '../../h5';
import type { DriverSpec, FileMode } from '../../h5';
import { ObjectMapper, PendingLink, pendingTargets, resolvePending } from '../build/mapper';
import type { Builder } from '../build/builders';
import { nwbError, NWBErrorCodes } from '../errors';
import { attachReferenced } from '../build/attach';
import { Container } from '../containers/base';
import { NWBFile } from '../containers/file';
import { defaultRegistry } from '../containers/registry';
import { NamespaceCatalog } from '../spec/catalog';
import type { BuiltinNamespace, NamespaceSpec, SpecSource } from '../spec/schema-types';
import { BrokenLink, TreeReader, TreeWriter } from './backend';

export interface NWBHDF5IOOptions {
  /** File driver, e.g. { driver: 'family', memberSize } with '%d' in the path. */
  driver?: DriverSpec;
  /** Which external links may be followed (see File.open). */
  externalLinks?: 'allow' | 'deny' | { root: string };
  /** Load the namespaces cached in the file (default true), so extensions read with their own types. */
  loadNamespaces?: boolean;
  /** Shares containers and types between IOs (PyNWB's BuildManager); optional: linking works without it. */
  manager?: BuildManager;
}

export interface WriteArgs {
  /** Link datasets that live in other files (default true) or copy them. */
  linkData?: boolean;
  /** Write the namespace cache (/specifications; default true). */
  cacheSpec?: boolean;
}

/** Shared type catalog and registry (PyNWB's BuildManager). */
export class BuildManager {
  readonly catalog: NamespaceCatalog;
  readonly mapper: ObjectMapper;
  constructor(catalog = NamespaceCatalog.builtin()) {
    this.catalog = catalog;
    this.mapper = new ObjectMapper(catalog, defaultRegistry((t, a) => catalog.isA(t, a)));
  }
}

/** The default manager (one per process, like PyNWB's get_manager()). */
let defaultManager: BuildManager | null = null;
export function getManager(): BuildManager {
  if (!defaultManager) defaultManager = new BuildManager();
  return defaultManager;
}

const READ_MODES: FileMode[] = ['r', 'r+', 'a'];
const WRITE_MODES: FileMode[] = ['r+', 'a', 'w', 'w-', 'x'];

export class NWBHDF5IO extends EventEmitter {
  readonly path: string;
  readonly mode: FileMode;
  readonly manager: BuildManager;
  private file: File | null;
  private readRoot: NWBFile | null = null;
  private broken: BrokenLink[] = [];
  /** Other files opened to read objects that linked objects refer to. */
  private readonly others: File[] = [];
  private readonly options: NWBHDF5IOOptions;

  constructor(filePath: string, mode: FileMode = 'r', options: NWBHDF5IOOptions = {}) {
    super();
    for (const k of Object.keys(options))
      if (!['driver', 'externalLinks', 'loadNamespaces', 'manager'].includes(k)) throw new TypeError(`unknown NWBHDF5IO option '${k}'`);
    this.path = filePath;
    this.mode = mode;
    this.options = options;
    this.manager = options.manager ?? new BuildManager();
    this.file = File.open(filePath, mode, { driver: options.driver, externalLinks: options.externalLinks });
    if (this.options.loadNamespaces !== false && READ_MODES.includes(mode)) this.loadCachedNamespaces();
  }

  private get h5(): File {
    if (!this.file) throw nwbError(NWBErrorCodes.CLOSED, `NWBHDF5IO for ${this.path} is closed`);
    return this.file;
  }

  /** The HDF5 file underneath (for h5-level work on the same file). */
  get h5file(): File {
    return this.h5;
  }

  private loadCachedNamespaces(): void {
    const f = this.h5;
    const specs = f.has('specifications') ? f.getGroup('specifications') : null;
    if (!specs) return;
    for (const ns of specs.keys()) {
      if (this.manager.catalog.namespaces.has(ns)) continue;
      const nsg = specs.getGroup(ns);
      const versions = nsg.keys().sort();
      const v = nsg.getGroup(versions[versions.length - 1]);
      const nsText = v.getDataset('namespace').readValue() as string;
      const nsSpec = (JSON.parse(nsText) as { namespaces: NamespaceSpec[] }).namespaces.find((n) => n.name === ns);
      if (!nsSpec) continue;
      const sources: Record<string, SpecSource> = {};
      for (const src of v.keys()) {
        if (src === 'namespace') continue;
        const body = JSON.parse(v.getDataset(src).readValue() as string) as Omit<SpecSource, 'name'>;
        sources[src] = { name: src, ...body };
      }
      const entry: BuiltinNamespace = { namespace: nsSpec, sources };
      this.manager.catalog.load(entry);
    }
  }

  /** Reads the file into an NWBFile whose array data stays in the file until used. */
  read(): NWBFile {
    if (!READ_MODES.includes(this.mode)) throw nwbError('ERR_NWB_MODE', `cannot read ${this.path}: it was opened in mode '${this.mode}' for writing`);
    if (this.readRoot) return this.readRoot;
    const reader = new TreeReader(this.h5);
    const tree = reader.read();
    const byPath = new Map<string, Container>();
    const root = this.manager.mapper.construct(tree, byPath, 'NWBFile');
    // Objects of other files that linked objects refer to (and what those refer to, ...), read as well so that
    // references resolve to containers: a linked ElectricalSeries' electrodes table, its groups, their device.
    const here = path.resolve(this.h5.filename);
    for (let round = 0; round < 16; round++) {
      const missing = pendingTargets(root, byPath).filter((p) => p.file !== here);
      if (!missing.length) break;
      let added = 0;
      for (const p of missing) {
        let node: ReturnType<TreeReader['readOther']>;
        try {
          node = reader.readOther(p.file, p.path);
        } catch {
          node = null; // reported as a broken link below
        }
        if (!node || byPath.has(`${p.file}::${p.path}`) || typeof node.attributes.neurodata_type !== 'string') continue;
        this.manager.mapper.construct(node, byPath);
        added++;
      }
      if (!added) break;
    }
    this.others.push(...reader.opened);
    for (const [key, c] of byPath) {
      const i = key.indexOf('::');
      c._origin = { file: key.slice(0, i), path: key.slice(i + 2), reader: this };
    }
    resolvePending(root, byPath, (p: PendingLink, where: string) => {
      const b: BrokenLink = { link: where, file: path.resolve(this.path), target: { file: p.file, path: p.path }, reason: 'the target is not an NWB object of the files read' };
      this.broken.push(b);
    });
    this.broken.push(...reader.broken);
    for (const b of reader.broken)
      this.emit('warning', `broken link ${b.link} in ${b.file}: ${b.target.file ? `'${b.target.path}' in '${b.target.file}'` : `'${b.target.path}'`} cannot be resolved (${b.reason})`);
    if (!(root instanceof NWBFile)) throw new TypeError(`${this.path}: the root is a ${root.neurodataType}, not an NWBFile`);
    this.readRoot = root;
    return root;
  }

  /** Links of the file read that could not be resolved (missing files or objects). */
  brokenLinks(): BrokenLink[] {
    return this.broken.slice();
  }

  /**
   * Writes an NWBFile. In modes a and r+ after read(), only what was added since is written. Containers read
   * from another file are written as external links to them; datasets of other files are linked (linkData,
   * default true) or copied.
   */
  write(nwbfile: NWBFile, args: WriteArgs = {}): void {
    const writer = this.prepareWrite(nwbfile, args);
    for (const it of writer.pendingIterators) {
      if (typeof (it.source as Iterable<unknown>)[Symbol.iterator] !== 'function')
        throw new TypeError('an async iterable of chunks needs writeAsync()');
      for (const chunk of it.source as Iterable<unknown>) it.dataset.append(chunk);
    }
    this.finishWrite(nwbfile, writer);
  }

  /** write() that drains async iterables of chunks (several at once, interleaved) without blocking. */
  async writeAsync(nwbfile: NWBFile, args: WriteArgs = {}): Promise<void> {
    const writer = this.prepareWrite(nwbfile, args);
    await drain(writer);
    this.finishWrite(nwbfile, writer);
  }

  private prepareWrite(nwbfile: NWBFile, args: WriteArgs, source?: NWBHDF5IO, extra: { keepVersion?: boolean; onCopied?: (bytes: number) => void } = {}): TreeWriter {
    if (!WRITE_MODES.includes(this.mode)) throw nwbError('ERR_NWB_MODE', `cannot write ${this.path}: it was opened read-only (mode '${this.mode}')`);
    if (!(nwbfile instanceof NWBFile)) throw new TypeError('write() needs an NWBFile');
    for (const k of Object.keys(args)) if (!['linkData', 'cacheSpec', 'validate'].includes(k)) throw new TypeError(`unknown write option '${k}'`);
    // An invalid tree is refused before anything is written (NWBValidationError naming the objects and fields).
    // Required here rather than imported: ../validate imports this module (and declares WriteArgs.validate).
    const checked = args.validate ?? true ? (require('../validate') as typeof import('../validate')).assertValid(nwbfile, (source ?? this).manager.catalog) : null;
    const linkData = args.linkData ?? true;
    // An export builds with the source's types (its cached extensions among them) and writes the source's
    // objects into this file; objects of third files stay links unless linkData is false.
    const manager = source ? source.manager : this.manager;
    const here = path.resolve(this.h5.filename);
    const src = source ? path.resolve(source.h5file.filename) : null;
    const adopt = src
      ? (c: Container) => !!c._origin && (c._origin.file === src || (!linkData && c._origin.file !== here))
      : undefined;
    // Objects of other files that the exported objects refer to are written too, at their own paths.
    const detach = adopt ? attachReferenced(nwbfile, manager.catalog, adopt) : () => undefined;
    let builder;
    try {
      // The validated tree, unless an export adds the objects of other files (attachReferenced) first.
      builder = checked && !adopt ? checked : manager.mapper.buildTree(nwbfile, { adopt });
    } finally {
      detach();
    }
    const writer = new TreeWriter(this.h5, manager.catalog, { linkData, exportSource: src, ...extra });
    writer.writeRoot(builder);
    writer.finish();
    if (args.cacheSpec ?? true) writer.writeSpecifications(manager.catalog.namespacesFor(typesIn(builder)));
    return writer;
  }

  /**
   * Writes the tree read by `srcIo` (or `nwbfile`, which must be an NWBFile) into this new file, as PyNWB's
   * export: everything of the source file is written here (no link back into it); soft links stay soft;
   * external links to third files are kept, or their targets copied with writeArgs.linkData false; object_ids
   * and the identifier are kept unless generateNewId() was called. This IO must be in mode w, w- or x.
   */
  export(args: { srcIo: NWBHDF5IO; nwbfile?: NWBFile; writeArgs?: WriteArgs }): void {
    const { srcIo, writeArgs } = this.checkExport(args);
    const nwbfile = (args.nwbfile ?? srcIo.read()) as NWBFile;
    const writer = this.prepareWrite(nwbfile, writeArgs, srcIo);
    for (const it of writer.pendingIterators) {
      if (typeof (it.source as Iterable<unknown>)[Symbol.iterator] !== 'function') throw new TypeError('an async iterable of chunks needs exportAsync()');
      for (const chunk of it.source as Iterable<unknown>) it.dataset.append(chunk);
    }
    this.h5.flush();
  }

  private checkExport(args: { srcIo: NWBHDF5IO; nwbfile?: NWBFile; writeArgs?: WriteArgs }): { srcIo: NWBHDF5IO; writeArgs: WriteArgs } {
    if (!args || typeof args !== 'object') throw new TypeError('export() needs { srcIo, nwbfile?, writeArgs? }');
    for (const k of Object.keys(args)) if (!['srcIo', 'nwbfile', 'writeArgs'].includes(k)) throw new TypeError(`unknown export option '${k}'`);
    if (!['w', 'w-', 'x'].includes(this.mode))
      throw nwbError('ERR_NWB_MODE', `cannot export into ${this.path}: the export IO must be opened in mode 'w' (it is '${this.mode}')`);
    const srcIo = args.srcIo;
    if (!(srcIo instanceof NWBHDF5IO)) throw new TypeError('export() needs srcIo: the NWBHDF5IO the tree was read with');
    if (srcIo === this) throw nwbError('ERR_NWB_EXPORT', `cannot export ${this.path} into itself`);
    const nwbfile = args.nwbfile as unknown;
    if (nwbfile !== undefined) {
      if (!(nwbfile instanceof Container)) throw new TypeError('export(): nwbfile must be an NWBFile');
      if (!(nwbfile instanceof NWBFile))
        throw nwbError(
          'ERR_NWB_EXPORT',
          `cannot export ${nwbfile.describe()}: only a whole NWBFile can be exported (put the container in a new NWBFile and write that, or export its file)`,
        );
    }
    return { srcIo, writeArgs: args.writeArgs ?? {} };
  }

  /**
   * One self-contained file for sharing: `sourceFilename` with every external link resolved (recursively,
   * across files) into `destFilename`, object references (the electrodes table's groups, regions, .specloc)
   * pointing at the copies, soft links kept soft. Afterwards the copy is verified: no external link left, the
   * same values as through the links, and it reads as an NWB file with no broken link. The namespaces cached in
   * the linked files are cached in the copy too (so extension types read). The copy runs on the I/O thread;
   * onProgress gets { phase, bytesWritten, totalBytes, objects } while it scans, copies and verifies.
   */
  static async copyFile(options: NWBCopyFileOptions): Promise<CopyProgress> {
    const o = checkCopyFileOptions(options);
    const done = await copyFile(o.sourceFilename, o.destFilename, {
      expandExternal: o.expandExternal, verify: true, onProgress: o.onProgress, mode: o.mode, externalLinks: o.externalLinks,
      sourceDriver: o.driver, progressInterval: o.progressInterval,
    });
    if (o.expandExternal && needsNwbCopy(o.destFilename)) {
      // References out of the expanded content (a linked ElectricalSeries' electrodes table): HDF5 copied their
      // targets to the root under made-up names; the NWB copy puts them where they belong instead.
      fs.rmSync(o.destFilename, { force: true });
      return nwbCopy(o);
    }
    finishNwbCopy(o);
    return done;
  }

  /** copyFile() without the I/O thread (blocks the event loop while it copies). */
  static copyFileSync(options: Omit<NWBCopyFileOptions, 'onProgress' | 'progressInterval'> & { onProgress?: (p: CopyProgress) => void }): CopyProgress {
    const o = checkCopyFileOptions(options);
    if (o.expandExternal) return nwbCopy(o);
    const done = copyFileSync(o.sourceFilename, o.destFilename, {
      expandExternal: false, verify: true, mode: o.mode, externalLinks: o.externalLinks, sourceDriver: o.driver,
    });
    finishNwbCopy(o);
    return done;
  }

  /** @internal export() with writer options of the copy (keep nwb_version, report copied bytes). */
  _exportFor(srcIo: NWBHDF5IO, nwbfile: NWBFile, args: WriteArgs, extra: { keepVersion?: boolean; onCopied?: (bytes: number) => void }): void {
    const writer = this.prepareWrite(nwbfile, args, srcIo, extra);
    if (writer.pendingIterators.length) throw new TypeError('a copy cannot hold iterators of chunks');
    this.h5.flush();
  }

  /** export() that drains async iterables of chunks without blocking. */
  async exportAsync(args: { srcIo: NWBHDF5IO; nwbfile?: NWBFile; writeArgs?: WriteArgs }): Promise<void> {
    const { srcIo, writeArgs } = this.checkExport(args);
    const nwbfile = (args.nwbfile ?? srcIo.read()) as NWBFile;
    const writer = this.prepareWrite(nwbfile, writeArgs, srcIo);
    await drain(writer);
    this.h5.flush();
  }

  private finishWrite(nwbfile: NWBFile, writer: TreeWriter): void {
    this.h5.flush();
    const here = path.resolve(this.h5.filename);
    for (const [c, p] of writer.placed) {
      c._origin = { file: here, path: p, reader: this };
      c._modified = false;
      c._cleared = null;
    }
    this.readRoot = nwbfile;
  }

  close(): void {
    for (const f of this.others.splice(0)) if (f.isOpen) f.close();
    if (this.file) {
      this.file.close();
      this.file = null;
    }
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

export interface NWBCopyFileOptions {
  sourceFilename: string;
  destFilename: string;
  /** Copy the targets of external links (default true: one self-contained file). */
  expandExternal?: boolean;
  onProgress?: (p: CopyProgress) => void;
  progressInterval?: number;
  /** 'w' (default) or 'w-'/'x' (refuse to overwrite). */
  mode?: FileMode;
  /** Driver of the source file (e.g. a family file). */
  driver?: DriverSpec;
  /** Which external links may be followed: 'allow' (default) or a { root } folder. */
  externalLinks?: 'allow' | { root: string };
}

function checkCopyFileOptions<T extends Partial<NWBCopyFileOptions>>(options: T): T & { expandExternal: boolean; sourceFilename: string; destFilename: string } {
  if (!options || typeof options !== 'object') throw new TypeError('copyFile() needs { sourceFilename, destFilename, ... }');
  for (const k of Object.keys(options))
    if (!['sourceFilename', 'destFilename', 'expandExternal', 'onProgress', 'progressInterval', 'mode', 'driver', 'externalLinks'].includes(k))
      throw new TypeError(`unknown copyFile option '${k}'`);
  if (typeof options.sourceFilename !== 'string' || typeof options.destFilename !== 'string')
    throw new TypeError('copyFile() needs sourceFilename and destFilename (paths)');
  return { ...options, expandExternal: options.expandExternal ?? true } as T & { expandExternal: boolean; sourceFilename: string; destFilename: string };
}

/** True when HDF5's copy had to put reference targets at the root under made-up names. */
function needsNwbCopy(dest: string): boolean {
  const f = File.open(dest, 'r');
  try {
    return f.keys().some((k) => k.startsWith('~obj_pointed_by'));
  } finally {
    f.close();
  }
}

/**
 * The NWB-level copy: read the source (links followed, and the objects linked objects refer to), export it with
 * linkData false into the destination keeping nwb_version and the cached namespaces, then verify as the h5 copy.
 * Problems found before writing (a missing link target) fail before the destination is created.
 */
function nwbCopy(o: NWBCopyFileOptions & { expandExternal: boolean }): CopyProgress {
  const root = o.externalLinks && typeof o.externalLinks === 'object' ? path.resolve(o.externalLinks.root) : null;
  const probe = File.open(o.sourceFilename, 'r', { driver: o.driver, externalLinks: o.externalLinks });
  let totalBytes = 0;
  let objects = 0;
  try {
    const sc = scan(probe, true, root, o.onProgress);
    totalBytes = sc.totalBytes;
    objects = sc.objects;
  } finally {
    probe.close();
  }
  const src = new NWBHDF5IO(o.sourceFilename, 'r', { driver: o.driver, externalLinks: o.externalLinks });
  let dst: NWBHDF5IO | null = null;
  let created = false;
  try {
    const f = src.read();
    const broken = src.brokenLinks();
    if (broken.length)
      throw nwbError('ERR_NWB_COPY', `cannot copy ${o.sourceFilename}: ${broken.map((b) => `${b.link} (${b.reason})`).join('; ')}`);
    const hasSpecs = src.h5file.has('specifications');
    dst = new NWBHDF5IO(o.destFilename, o.mode ?? 'w');
    created = true;
    let copied = 0;
    dst._exportFor(src, f, { linkData: false, cacheSpec: !hasSpecs, validate: false }, {
      keepVersion: true,
      onCopied: (b) => {
        copied += b;
        o.onProgress?.({ phase: 'copy', bytesWritten: copied, totalBytes, objects });
      },
    });
    dst.close();
    dst = null;
    src.close();
    mergeSpecifications(o.destFilename, [o.sourceFilename, ...linkedFiles(o)]);
    verifyCopy(o.sourceFilename, o.destFilename, o.driver, true, o.onProgress);
    finishNwbCopy({ ...o, expandExternal: false });
    const done: CopyProgress = { phase: 'done', bytesWritten: fs.statSync(o.destFilename).size, totalBytes, objects };
    o.onProgress?.(done);
    return done;
  } catch (e) {
    if (dst) dst.close();
    if (created) fs.rmSync(o.destFilename, { force: true });
    throw e;
  } finally {
    src.close();
  }
}

function linkedFiles(o: { sourceFilename: string; driver?: DriverSpec }): string[] {
  return [...new Set(checkLinks(o.sourceFilename, { driver: o.driver }).filter((l) => l.resolves && l.targetFile).map((l) => l.targetFile!))];
}

/** Caches in `dest` every namespace version cached in `files` that it lacks. */
function mergeSpecifications(dest: string, files: string[]): void {
  const dst = File.open(dest, 'r+');
  try {
    const specs = dst.requireGroup('specifications');
    for (const f of files) {
      const src = File.open(f, 'r');
      try {
        if (!src.has('specifications')) continue;
        const sg = src.getGroup('specifications');
        for (const ns of sg.keys())
          for (const v of sg.getGroup(ns).keys())
            if (!specs.has(`${ns}/${v}`)) src.copy(`specifications/${ns}/${v}`, specs.requireGroup(ns), v);
      } finally {
        src.close();
      }
    }
    if (!dst.attrs.has('.specloc')) dst.attrs.set('.specloc', specs, { dtype: 'ref' });
  } finally {
    dst.close();
  }
}

/** After an NWB file copy: the namespaces cached in the linked files join the copy's cache; the copy must read clean. */
function finishNwbCopy(o: { sourceFilename: string; destFilename: string; expandExternal: boolean; driver?: DriverSpec }): void {
  try {
    checkNwbCopy(o);
  } catch (e) {
    fs.rmSync(o.destFilename, { force: true }); // a copy that fails its checks is not left behind
    throw e;
  }
}

function checkNwbCopy(o: { sourceFilename: string; destFilename: string; expandExternal: boolean; driver?: DriverSpec }): void {
  if (o.expandExternal) {
    const linked = linkedFiles(o);
    if (linked.length) mergeSpecifications(o.destFilename, linked);
  }
  const io = new NWBHDF5IO(o.destFilename, 'r');
  try {
    io.read();
    const broken = io.brokenLinks();
    if (broken.length && o.expandExternal)
      throw nwbError('ERR_NWB_COPY', `the copy ${o.destFilename} has broken links: ${broken.map((b) => b.link).join(', ')}`);
  } finally {
    io.close();
  }
}

/** Appends every chunk of the writer's iterables (several at once, interleaved) without blocking. */
async function drain(writer: TreeWriter): Promise<void> {
  await Promise.all(
    writer.pendingIterators.map(async (it) => {
      const src = it.source as AsyncIterable<unknown> & Iterable<unknown>;
      if (typeof src[Symbol.asyncIterator] === 'function') for await (const chunk of src) await it.dataset.appendAsync(chunk);
      else for (const chunk of src) await it.dataset.appendAsync(chunk);
    }),
  );
}

function typesIn(b: Builder): string[] {
  const out = new Set<string>();
  const walk = (x: Builder) => {
    if (x.kind === 'link' || x.kind === 'pathlink') return;
    if (x.container) out.add(x.container.neurodataType);
    if (x.kind === 'group') for (const m of x.members.values()) walk(m);
  };
  walk(b);
  return [...out];
}
