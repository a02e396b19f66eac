/**
 * Objects a tree refers to but does not hold. An ElectricalSeries read through an external link refers (its
 * electrodes region) to the electrodes table of its own file, which refers to electrode groups, which link to a
 * device. Writing such a series into a file of its own (export with linkData false, a copy for sharing) needs
 * those objects in the new file too: they are placed where they were in their file, when the root type has that
 * place and it is free, for the duration of one build.
 */
import { Container } from '../containers/base';
import { memberType, NamespaceCatalog } from '../spec/catalog';
import type { GroupSpec } from '../spec/schema-types';

/** The places of a type's spec that are links (ElectrodeGroup.device): what they hold is referenced, not held. */
function linkPlaces(catalog: NamespaceCatalog, type: string): Set<string> {
  if (!catalog.has(type)) return new Set();
  const spec = catalog.resolve(type).spec as GroupSpec;
  return new Set((spec.links ?? []).map((l) => l.name).filter((n): n is string => !!n));
}

/** Every container placed in the tree (as a member, owned or not). */
function membersOf(root: Container, catalog: NamespaceCatalog): Set<Container> {
  const out = new Set<Container>();
  const walk = (c: Container) => {
    if (out.has(c)) return;
    out.add(c);
    const links = linkPlaces(catalog, c.neurodataType);
    for (const [place, v] of c.fields) {
      if (place.includes('@') || links.has(place)) continue;
      if (v instanceof Container) walk(v);
      else if (v instanceof Map) for (const x of v.values()) if (x instanceof Container) walk(x);
    }
  };
  walk(root);
  return out;
}

/** Containers the members refer to: attribute places (@table, @target, links) and references in arrays. */
function referencedBy(members: Set<Container>): Set<Container> {
  const out = new Set<Container>();
  const note = (v: unknown) => {
    if (v instanceof Container && !members.has(v)) out.add(v);
  };
  for (const c of members)
    for (const v of c.fields.values()) {
      note(v);
      if (Array.isArray(v))
        for (const x of v) {
          note(x);
          if (x !== null && typeof x === 'object' && !(x instanceof Container) && !Array.isArray(x) && !ArrayBuffer.isView(x))
            for (const y of Object.values(x as object)) note(y);
        }
    }
  return out;
}

/** Where a container whose path in its file is `p` goes in a root of this spec: a named place or a group map. */
function placeFor(catalog: NamespaceCatalog, rootType: string, p: string, c: Container): { place: string; map?: string } | null {
  const segs = p.split('/').filter(Boolean);
  if (!segs.length) return null;
  let spec = catalog.resolve(rootType).spec as GroupSpec;
  for (let i = 0; i < segs.length - 1; i++) {
    const g = (spec.groups ?? []).find((x) => x.name === segs[i] && !memberType(x));
    if (!g) return null;
    spec = g;
  }
  const last = segs[segs.length - 1];
  const prefix = segs.slice(0, -1).join('/');
  const named = [...(spec.groups ?? []), ...(spec.datasets ?? [])].find((x) => x.name === last);
  if (named) {
    const t = memberType(named);
    // The place's type, or a base of it (PyNWB 2.8 wrote the electrodes table as a plain DynamicTable).
    return t && (catalog.isA(c.neurodataType, t) || catalog.isA(t, c.neurodataType)) ? { place: segs.join('/') } : null;
  }
  const open = [...(spec.groups ?? []), ...(spec.datasets ?? [])].find((x) => !x.name && memberType(x) && catalog.isA(c.neurodataType, memberType(x)!));
  return open ? { place: segs.join('/'), map: prefix ? `${prefix}/*` : '*' } : null;
}

/**
 * Places the referenced containers that `adopt` accepts at their own paths in `root` (repeatedly: what they
 * refer to as well). Returns a function that takes them out again.
 */
export function attachReferenced(root: Container, catalog: NamespaceCatalog, adopt: (c: Container) => boolean): () => void {
  const undo: (() => void)[] = [];
  for (let round = 0; round < 16; round++) {
    const members = membersOf(root, catalog);
    let added = 0;
    for (const r of referencedBy(members)) {
      if (!r._origin || !adopt(r)) continue;
      const at = placeFor(catalog, root.neurodataType, r._origin.path, r);
      if (!at) continue;
      if (at.map) {
        const m = root.children(at.map);
        if (m.has(r.name)) continue;
        m.set(r.name, r);
        undo.push(() => {
          m.delete(r.name);
          if (m.size === 0) root.fields.delete(at.map!);
        });
      } else {
        if (root.fields.get(at.place) !== undefined && root.fields.get(at.place) !== null) continue;
        root.fields.set(at.place, r);
        undo.push(() => root.fields.delete(at.place));
      }
      added++;
    }
    if (!added) break;
  }
  return () => {
    for (const u of undo.reverse()) u();
  };
}
