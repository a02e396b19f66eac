/**
 * Loads the compiled library (dist/) with V8's code cache.
 *
 * A process's first NWB write otherwise spends most of its extra time compiling: V8 compiles each function the
 * first time it runs, and a write runs a good part of the library (about 9 ms of a 20 ms first write of a
 * 10,000-unit table, measured here). The build (scripts/build-code-cache.js) runs a representative workload and
 * saves, next to each module `x.js`, the code V8 compiled for it as `x.jsc`: the SHA-256 of the module's source
 * followed by V8's cache data, then that data. Here each module of dist/ is compiled with its cache only
 * when that hash matches (a cache of another build, or a damaged file, is never handed to V8, which checks its
 * version and flags but in release builds not the data itself); a missing, stale or refused cache means a plain
 * compile, with the same result, only slower. `H5NWB_CODE_CACHE=0` in the
 * environment loads everything with Node's require instead.
 *
 * Only the CommonJS build uses this: scripts/build-ts.js renames the compiled lib/index.ts to dist/entry.js and
 * makes dist/index.js load it through here. Modules outside dist/ (Node's, node-gyp-build, the addon, JSON
 * files) load with Node's require. The TypeScript sources (tests) do not use this.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import * as vm from 'vm';

interface LoadedModule {
  id: string;
  filename: string;
  exports: unknown;
  loaded: boolean;
}

const DIST_DIR = __dirname;
const HEADER = 32; // SHA-256 of the module's source and the cache data

const registry = new Map<string, LoadedModule>();
const stats = { modules: 0, cached: 0, rejected: 0, stale: 0 };
/** Scripts kept for scripts/build-code-cache.js (H5NWB_CODE_CACHE=produce). */
const produced: { filename: string; script: vm.Script; source: string }[] = [];
const mode = process.env.H5NWB_CODE_CACHE ?? '';

/** What the cache did in this process: modules loaded, loaded from their cache, caches V8 refused, stale ones. */
export function codeCacheStats(): { enabled: boolean; modules: number; cached: number; rejected: number; stale: number } {
  return { enabled: mode !== '0', ...stats };
}

/**
 * A module of dist/ by its path relative to dist/ ('entry.js', 'binding.js'): the one instance the package
 * entry uses (loaded through the cache, or by Node's require with H5NWB_CODE_CACHE=0).
 */
export function requireDist(relative: string): unknown {
  const filename = path.join(DIST_DIR, relative);
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  if (mode === '0') return require(filename);
  return load(filename);
}

/** The header of a cache file: SHA-256 of the module's source followed by the cache data. */
function cacheHash(source: string, data: Buffer): Buffer {
  return createHash('sha256').update(source).update(data).digest();
}

function load(filename: string): unknown {
  const known = registry.get(filename);
  if (known) return known.exports;
  const source = fs.readFileSync(filename, 'utf8');
  let cachedData: Buffer | undefined;
  if (mode !== 'produce') {
    let c: Buffer | undefined;
    try {
      c = fs.readFileSync(`${filename}c`);
    } catch {
      // no cache for this module: a plain compile
    }
    if (c) {
      const data = c.subarray(HEADER);
      if (c.length > HEADER && c.subarray(0, HEADER).equals(cacheHash(source, data))) cachedData = data;
      else stats.stale++;
    }
  }
  // Node's own CommonJS wrapper, on the first line so that line numbers in stack traces stay those of the file.
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
  const script = new vm.Script(wrapped, { filename, cachedData });
  stats.modules++;
  if (cachedData) {
    if (script.cachedDataRejected) stats.rejected++;
    else stats.cached++;
  }
  if (mode === 'produce') produced.push({ filename, script, source });
  const mod: LoadedModule = { id: filename, filename, exports: {}, loaded: false };
  registry.set(filename, mod); // before running it: cycles see the exports made so far, as with Node's require
  const nodeRequire = createRequire(filename);
  const localRequire = Object.assign(
    (id: string): unknown => {
      if (id.startsWith('.')) {
        const resolved = nodeRequire.resolve(id);
        if (resolved.startsWith(DIST_DIR + path.sep) && resolved.endsWith('.js') && resolved !== __filename) return load(resolved);
      }
      return nodeRequire(id);
    },
    { resolve: nodeRequire.resolve, cache: nodeRequire.cache, main: nodeRequire.main, extensions: nodeRequire.extensions },
  );
  const fn = script.runInThisContext() as (e: unknown, r: unknown, m: LoadedModule, f: string, d: string) => void;
  try {
    fn.call(mod.exports, mod.exports, localRequire, mod, filename, path.dirname(filename));
  } catch (e) {
    registry.delete(filename);
    throw e;
  }
  mod.loaded = true;
  return mod.exports;
}

/**
 * For scripts/build-code-cache.js, after it ran its workload with H5NWB_CODE_CACHE=produce: writes the cache of
 * every module loaded, with what V8 compiled of it so far. Returns the files written.
 */
export function writeCodeCache(): string[] {
  if (mode !== 'produce') throw new Error('writeCodeCache() needs H5NWB_CODE_CACHE=produce');
  const out: string[] = [];
  for (const { filename, script, source } of produced) {
    const data = script.createCachedData();
    fs.writeFileSync(`${filename}c`, Buffer.concat([cacheHash(source, data), data]));
    out.push(`${filename}c`);
  }
  return out;
}
