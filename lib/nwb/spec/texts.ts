/**
 * The JSON texts of a namespace as written to a file's /specifications cache: one per source (the source without
 * its name) and one for the namespace (schema entries without the '.yaml' extension), as PyNWB caches them.
 *
 * The texts of the built-in namespaces never change between writes: the build (scripts/build-ts.js) writes them
 * once to builtin-texts.json next to this module, and a write then stores them without serializing the schema
 * (about a millisecond of a small file's write). Without that file (running from the TypeScript sources) they are
 * made here, once per process.
 */
import * as fs from 'fs';
import * as path from 'path';
import { BUILTIN_NAMESPACES } from './index';
import type { NamespaceSpec, SpecSource } from './schema-types';

export interface NamespaceTexts {
  /** Source name (e.g. 'nwb.base') -> JSON text. */
  sources: Record<string, string>;
  /** The namespace document's JSON text. */
  namespace: string;
}

/** The file the build writes; keyed by namespace name. */
export const BUILTIN_TEXTS_FILE = 'builtin-texts.json';

/** Serializes a namespace for the cache. */
export function namespaceTexts(spec: NamespaceSpec, sources: Record<string, SpecSource>): NamespaceTexts {
  const out: NamespaceTexts = { sources: {}, namespace: '' };
  for (const [name, src] of Object.entries(sources)) {
    const { name: _n, ...body } = src;
    void _n;
    out.sources[name] = JSON.stringify(body);
  }
  const nsBody = { namespaces: [{ ...spec, schema: spec.schema.map((e) => ('source' in e ? { ...e, source: e.source.replace(/\.yaml$/, '') } : e)) }] };
  out.namespace = JSON.stringify(nsBody);
  return out;
}

/** The texts of every built-in namespace (what the build stores in builtin-texts.json). */
export function builtinTexts(): Record<string, NamespaceTexts> {
  const out: Record<string, NamespaceTexts> = {};
  for (const ns of BUILTIN_NAMESPACES) out[ns.namespace.name] = namespaceTexts(ns.namespace, ns.sources);
  return out;
}

let stored: Record<string, NamespaceTexts> | null = null;
const made = new WeakMap<object, NamespaceTexts>();

/** The cache texts of a loaded namespace: the build's for a built-in one, else serialized (once per namespace). */
export function textsOf(spec: NamespaceSpec, sources: Record<string, SpecSource>): NamespaceTexts {
  const builtin = BUILTIN_NAMESPACES.find((b) => b.namespace === spec && b.sources === sources);
  if (builtin) {
    if (stored === null) {
      const file = path.join(__dirname, BUILTIN_TEXTS_FILE);
      stored = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, NamespaceTexts>) : builtinTexts();
    }
    const t = stored[spec.name];
    if (t) return t;
  }
  let t = made.get(sources);
  if (!t) {
    t = namespaceTexts(spec, sources);
    made.set(sources, t);
  }
  return t;
}
