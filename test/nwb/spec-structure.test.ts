// Proves that our own NWB schema definition (lib/nwb/spec) has exactly the structure of the
// official NWB 2.9.0 / hdmf-common 1.8.0 / hdmf-experimental 0.5.0 schema YAML: same types in
// the same order, same groups/datasets/attributes/links in the same order, and the same value
// for every key. Only the wording of `doc` strings (and the namespace full_name) may differ;
// `doc` must still be present exactly where the official schema has one.

import * as fs from 'fs';
import * as path from 'path';
import { BUILTIN_NAMESPACES } from '../../lib/nwb/spec';
import type { BuiltinNamespace, GroupSpec, SpecSource } from '../../lib/nwb/spec';

// js-yaml ships without type declarations and @types/js-yaml is not a dependency.
const yaml = require('js-yaml') as { load(text: string): unknown };

const SCHEMA_ROOT = path.resolve(__dirname, '../../../shared/nwb-schema/2.9.0');

/** Official namespace files, relative to SCHEMA_ROOT, in the order their namespaces are listed. */
const NAMESPACE_FILES = ['core/nwb.namespace.yaml', 'hdmf-common-schema/common/namespace.yaml'];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface OfficialNamespace {
  namespace: JsonObject;
  /** Source contents keyed by file name without '.yaml', in schema-list order. */
  sources: Map<string, JsonObject>;
}

let officialCache: OfficialNamespace[] | undefined;

/** Loads the official schema; throws (so every test fails) when ../shared is missing. */
function official(): OfficialNamespace[] {
  if (officialCache) return officialCache;
  if (!fs.existsSync(SCHEMA_ROOT)) {
    throw new Error(
      `../shared is missing: the official NWB schema was expected at ${SCHEMA_ROOT} ` +
        '(../shared/nwb-schema/2.9.0 next to the repository). This test cannot run without it.',
    );
  }
  const out: OfficialNamespace[] = [];
  for (const rel of NAMESPACE_FILES) {
    const nsFile = path.join(SCHEMA_ROOT, rel);
    if (!fs.existsSync(nsFile)) throw new Error(`../shared is missing ${nsFile}`);
    const doc = yaml.load(fs.readFileSync(nsFile, 'utf8')) as { namespaces: JsonObject[] };
    for (const ns of doc.namespaces) {
      const sources = new Map<string, JsonObject>();
      for (const entry of ns.schema as JsonObject[]) {
        if (typeof entry.source !== 'string') continue;
        const file = path.join(path.dirname(nsFile), entry.source);
        sources.set(entry.source.replace(/\.yaml$/, ''), yaml.load(fs.readFileSync(file, 'utf8')) as JsonObject);
      }
      out.push({ namespace: ns, sources });
    }
  }
  officialCache = out;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Comparator
// ---------------------------------------------------------------------------------------------

/** Keys whose array elements are specs identified by name / type rather than by position. */
const SPEC_LIST_KEYS = new Set(['groups', 'datasets', 'attributes', 'links', 'dtype', 'schema']);

interface CompareOptions {
  /** Keys whose value is prose: presence (as a non-empty string) is required, wording is not compared. */
  proseKeys: ReadonlySet<string>;
}

const SOURCE_OPTIONS: CompareOptions = { proseKeys: new Set(['doc']) };
const NAMESPACE_OPTIONS: CompareOptions = { proseKeys: new Set(['doc', 'full_name']) };

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 120 ? s.slice(0, 117) + '...' : s;
}

/** Label of a spec element: its name, else the type it defines, else <type it includes>. */
function specLabel(v: unknown): string {
  if (!isObject(v)) return `?${show(v)}`;
  if (typeof v.name === 'string') return v.name;
  for (const k of ['neurodata_type_def', 'data_type_def']) if (typeof v[k] === 'string') return v[k] as string;
  for (const k of ['neurodata_type_inc', 'data_type_inc', 'target_type']) {
    if (typeof v[k] === 'string') return `<${v[k] as string}>`;
  }
  if (typeof v.source === 'string') return v.source;
  if (typeof v.namespace === 'string') return `namespace:${v.namespace}`;
  return '?';
}

/** Labels made unique within one list by appending #2, #3... to repeats. */
function specLabels(list: unknown[]): string[] {
  const seen = new Map<string, number>();
  return list.map((v) => {
    const l = specLabel(v);
    const n = (seen.get(l) ?? 0) + 1;
    seen.set(l, n);
    return n > 1 ? `${l}#${n}` : l;
  });
}

function join(p: string, key: string): string {
  return p === '' ? key : `${p}.${key}`;
}

/**
 * Compares `actual` (ours) with `expected` (official) recursively and appends one message per
 * difference to `diffs`. Strict: missing keys, extra keys, different order of list elements,
 * different types or values are all differences. Prose keys are checked for presence only.
 */
function compareSpec(
  expected: unknown,
  actual: unknown,
  where: string,
  diffs: string[],
  opts: CompareOptions = SOURCE_OPTIONS,
  parentKey = '',
): void {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) {
      diffs.push(`${where}: expected a list ${show(expected)}, got ${show(actual)}`);
      return;
    }
    if (SPEC_LIST_KEYS.has(parentKey) && expected.every(isObject)) {
      compareSpecList(expected, actual, where, (label) => `${where}[${label}]`, diffs, opts);
      return;
    }
    if (expected.length !== actual.length) {
      diffs.push(`${where}: expected ${expected.length} element(s) ${show(expected)}, got ${actual.length} ${show(actual)}`);
      return;
    }
    expected.forEach((e, i) => compareSpec(e, actual[i], `${where}[${i}]`, diffs, opts, parentKey));
    return;
  }
  if (isObject(expected)) {
    if (!isObject(actual)) {
      diffs.push(`${where}: expected an object ${show(expected)}, got ${show(actual)}`);
      return;
    }
    for (const key of Object.keys(expected)) {
      const p = join(where, key);
      if (!Object.prototype.hasOwnProperty.call(actual, key) || actual[key] === undefined) {
        const official = opts.proseKeys.has(key) ? 'present in the official schema' : `official value ${show(expected[key])}`;
        diffs.push(`${p}: missing (${official})`);
        continue;
      }
      if (opts.proseKeys.has(key) && typeof expected[key] === 'string') {
        if (typeof actual[key] !== 'string' || (actual[key] as string).trim() === '') {
          diffs.push(`${p}: must be a non-empty string, got ${show(actual[key])}`);
        }
        continue;
      }
      compareSpec(expected[key], actual[key], p, diffs, opts, key);
    }
    for (const key of Object.keys(actual)) {
      if (!Object.prototype.hasOwnProperty.call(expected, key)) {
        diffs.push(`${join(where, key)}: extra key not in the official schema (value ${show(actual[key])})`);
      }
    }
    return;
  }
  // Scalars: YAML and JS agree on strings, numbers (1.0 loads as 1), booleans and null.
  if (typeof expected !== typeof actual || expected !== actual) {
    diffs.push(`${where}: expected ${show(expected)}, got ${show(actual)}`);
  }
}

function compareSpecList(
  expected: unknown[],
  actual: unknown[],
  where: string,
  elementPath: (label: string) => string,
  diffs: string[],
  opts: CompareOptions,
): void {
  const el = specLabels(expected);
  const al = specLabels(actual);
  const sameOrder = el.length === al.length && el.every((l, i) => l === al[i]);
  if (!sameOrder) {
    const missing = el.filter((l) => !al.includes(l));
    const extra = al.filter((l) => !el.includes(l));
    let msg = `${where}: elements differ; expected [${el.join(', ')}], got [${al.join(', ')}]`;
    if (missing.length) msg += `; missing [${missing.join(', ')}]`;
    if (extra.length) msg += `; extra [${extra.join(', ')}]`;
    if (!missing.length && !extra.length) msg += '; same elements in a different order';
    diffs.push(msg);
  }
  // Compare elements with the same label, for detailed messages even when the order differs.
  el.forEach((label, i) => {
    const j = al.indexOf(label);
    if (j >= 0) compareSpec(expected[i], actual[j], elementPath(label), diffs, opts);
  });
}

/** Compares one source file (its type lists) and reports paths like `core/nwb.ecephys: ElectricalSeries.datasets[data].shape`. */
function compareSource(nsName: string, sourceName: string, expected: JsonObject, actual: SpecSource | undefined): string[] {
  const diffs: string[] = [];
  const prefix = `${nsName}/${sourceName}: `;
  if (actual === undefined) return [`${prefix}source missing from our definition`];
  const { name, ...rest } = actual as unknown as JsonObject;
  if (name !== sourceName) diffs.push(`${prefix}name: expected ${show(sourceName)}, got ${show(name)}`);
  const eKeys = Object.keys(expected);
  const aKeys = Object.keys(rest);
  for (const k of aKeys) if (!eKeys.includes(k)) diffs.push(`${prefix}${k}: extra key not in the official schema`);
  for (const key of eKeys) {
    const e = expected[key];
    const a = rest[key];
    if (!Array.isArray(e)) {
      compareSpec(e, a, `${prefix}${key}`, diffs);
      continue;
    }
    if (!Array.isArray(a)) {
      diffs.push(`${prefix}${key}: missing (official has ${e.length} type(s))`);
      continue;
    }
    // Top-level type lists: elements are labelled by the type name itself (no `groups[...]` wrapper).
    compareSpecList(e, a, `${prefix}${key}`, (label) => `${prefix}${label}`, diffs, SOURCE_OPTIONS);
  }
  return diffs;
}

/** Compares a namespace's fields; doc and full_name values are prose and only checked for presence. */
function compareNamespace(expected: JsonObject, actual: unknown): string[] {
  const diffs: string[] = [];
  compareSpec(expected, actual, `${String(expected.name)}/namespace`, diffs, NAMESPACE_OPTIONS);
  return diffs;
}

function countTypes(sources: Iterable<JsonObject | SpecSource>): number {
  let n = 0;
  for (const s of sources) n += ((s as SpecSource).groups?.length ?? 0) + ((s as SpecSource).datasets?.length ?? 0);
  return n;
}

function ours(name: string): BuiltinNamespace {
  const ns = BUILTIN_NAMESPACES.find((n) => n.namespace.name === name);
  if (!ns) throw new Error(`namespace ${name} is not in BUILTIN_NAMESPACES`);
  return ns;
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('NWB schema definition matches the official schema structure', () => {
  test('the official schema is available in ../shared', () => {
    expect(official().length).toBeGreaterThan(0);
  });

  test('BUILTIN_NAMESPACES lists exactly the official namespaces, in order', () => {
    expect(BUILTIN_NAMESPACES.map((n) => n.namespace.name)).toEqual(official().map((n) => String(n.namespace.name)));
    expect(BUILTIN_NAMESPACES.map((n) => n.namespace.name)).toEqual(['core', 'hdmf-common', 'hdmf-experimental']);
  });

  describe.each(['core', 'hdmf-common', 'hdmf-experimental'])('namespace %s', (nsName) => {
    const get = () => {
      const off = official().find((n) => n.namespace.name === nsName);
      if (!off) throw new Error(`official schema has no namespace ${nsName}`);
      return { off, mine: ours(nsName) };
    };

    test('namespace fields match (doc/full_name wording excepted)', () => {
      const { off, mine } = get();
      expect(compareNamespace(off.namespace, mine.namespace)).toEqual([]);
    });

    test('sources are exactly those of the schema list, in order', () => {
      const { off, mine } = get();
      expect(Object.keys(mine.sources)).toEqual([...off.sources.keys()]);
      for (const [key, src] of Object.entries(mine.sources)) expect(src.name).toBe(key);
    });

    test('every type, field and value matches the official schema', () => {
      const { off, mine } = get();
      const diffs: string[] = [];
      for (const [sourceName, expected] of off.sources) {
        diffs.push(...compareSource(nsName, sourceName, expected, mine.sources[sourceName]));
      }
      expect(diffs).toEqual([]);
      expect(countTypes(Object.values(mine.sources))).toBe(countTypes(off.sources.values()));
    });

    test('doc strings are our own wording, not copies of the official text', () => {
      const { off, mine } = get();
      const copied: string[] = [];
      const walk = (e: unknown, a: unknown, where: string): void => {
        if (Array.isArray(e) && Array.isArray(a)) {
          e.forEach((x, i) => walk(x, a[i], `${where}[${i}]`));
        } else if (isObject(e) && isObject(a)) {
          for (const k of Object.keys(e)) {
            if (k === 'doc' && typeof e.doc === 'string' && typeof a.doc === 'string') {
              const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
              if (norm(e.doc) === norm(a.doc)) copied.push(`${where}.doc`);
            } else {
              walk(e[k], a[k], `${where}.${k}`);
            }
          }
        }
      };
      walk(off.namespace, mine.namespace, `${nsName}/namespace`);
      for (const [name, src] of off.sources) walk(src, mine.sources[name], `${nsName}/${name}`);
      expect(copied).toEqual([]);
    });
  });

  test('type counts per namespace', () => {
    const counts = Object.fromEntries(BUILTIN_NAMESPACES.map((n) => [n.namespace.name, countTypes(Object.values(n.sources))]));
    const offCounts = Object.fromEntries(official().map((n) => [String(n.namespace.name), countTypes(n.sources.values())]));
    expect(counts).toEqual(offCounts);
  });
});

describe('the comparator detects differences', () => {
  const coreSource = (name: string): { off: JsonObject; mine: SpecSource } => {
    const off = official().find((n) => n.namespace.name === 'core')!.sources.get(name)!;
    const mine = JSON.parse(JSON.stringify(ours('core').sources[name])) as SpecSource;
    return { off, mine };
  };
  const groupType = (s: SpecSource, def: string): GroupSpec => (s.groups ?? []).find((t) => t.neurodata_type_def === def)!;

  test('a changed shape is reported with its path', () => {
    const { off, mine } = coreSource('nwb.ecephys');
    const data = groupType(mine, 'ElectricalSeries').datasets!.find((d) => d.name === 'data')!;
    data.shape = [[null], [null, 7]];
    const diffs = compareSource('core', 'nwb.ecephys', off, mine);
    expect(diffs.length).toBeGreaterThan(0);
    expect(diffs.some((d) => d.startsWith('core/nwb.ecephys: ElectricalSeries.datasets[data].shape'))).toBe(true);
  });

  test('missing doc, extra key, changed value and reordered fields are all reported', () => {
    const { off, mine } = coreSource('nwb.base');
    const ts = groupType(mine, 'TimeSeries');
    const data = ts.datasets!.find((d) => d.name === 'data')!;
    delete (data as { doc?: string }).doc;
    (ts as unknown as JsonObject).extra_key = 1;
    ts.attributes![0].dtype = 'int32';
    ts.attributes!.reverse();
    const diffs = compareSource('core', 'nwb.base', off, mine);
    expect(diffs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^core\/nwb\.base: TimeSeries\.datasets\[data\]\.doc: missing/),
        expect.stringMatching(/^core\/nwb\.base: TimeSeries\.extra_key: extra key/),
        expect.stringMatching(/^core\/nwb\.base: TimeSeries\.attributes: elements differ.*different order/),
        expect.stringMatching(/^core\/nwb\.base: TimeSeries\.attributes\[description\]\.dtype: expected "text", got "int32"/),
      ]),
    );
  });

  test('a removed type and a changed namespace field are reported', () => {
    const { off, mine } = coreSource('nwb.device');
    mine.groups!.pop();
    expect(compareSource('core', 'nwb.device', off, mine)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^core\/nwb\.device: groups: elements differ.*missing \[DeviceModel\]/)]),
    );
    const ns = JSON.parse(JSON.stringify(ours('core').namespace)) as JsonObject;
    ns.version = '2.8.0';
    const offNs = official().find((n) => n.namespace.name === 'core')!.namespace;
    expect(compareNamespace(offNs, ns)).toEqual(['core/namespace.version: expected "2.9.0", got "2.8.0"']);
  });
});
