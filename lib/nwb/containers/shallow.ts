/**
 * NWBFile.copy(): a shallow copy for linking across files. The copy's members are the original containers, so
 * writing it links to them; its DynamicTables (electrodes, trials, epochs, invalid_times, units, the tables of
 * /intervals and /scratch) are new tables whose columns are the original columns (linked). Unlike PyNWB, every
 * container that refers into a copied table through a DynamicTableRegion (an ElectricalSeries' electrodes, the
 * LFP and processing module holding it, the units' electrodes column) is copied too, its region pointing at the
 * copy's table; everything else it holds stays linked.
 */
import { nwbError, NWBErrorCodes } from '../errors';
import { Dataset } from '../../h5/dataset';
import { Container } from './base';
import { DynamicTable, DynamicTableRegion, VectorIndex } from './table';

/** The places of an NWBFile that hold tables the copy gets its own version of. */
const TABLE_PLACES = ['general/extracellular_ephys/electrodes', 'intervals/trials', 'intervals/epochs', 'intervals/invalid_times', 'units'];
const TABLE_MAPS = ['intervals/*', 'scratch/*'];

function ownedChildren(c: Container): [string, Container, Map<string, Container> | null][] {
  const out: [string, Container, Map<string, Container> | null][] = [];
  for (const [place, v] of c.fields) {
    if (v instanceof Container && v.parent === c && !place.includes('@')) out.push([place, v, null]);
    else if (v instanceof Map) for (const [n, x] of v as Map<string, Container>) if (x instanceof Container && x.parent === c) out.push([n, x, v as Map<string, Container>]);
  }
  return out;
}

function readAll(v: unknown): unknown {
  if (v instanceof Dataset) {
    const r = v.read();
    return r.shape.length === 1 ? r.data : { data: r.data, shape: r.shape };
  }
  return v;
}

export function shallowCopyFile<T extends Container>(file: T): T {
  if (!file._origin)
    throw nwbError(NWBErrorCodes.COPY, `${file.describe()} has not been written to or read from a file: copy() makes links into that file, so write it (or read it) first`);
  const tables = new Map<Container, Container>();
  const copy = file.shallowClone();

  // The tables: new tables, columns linked.
  const place = (at: string, map: Map<string, Container> | null, name: string, v: Container) => {
    v.parent = copy;
    if (map) map.set(name, v);
    else copy.fields.set(at, v);
  };
  for (const p of TABLE_PLACES) {
    const t = file.get(p);
    if (t instanceof DynamicTable) {
      const c = t.shallowClone();
      tables.set(t, c);
      place(p, null, p, c);
    }
  }
  for (const p of TABLE_MAPS) {
    const m = copy.fields.get(p);
    if (!(m instanceof Map)) continue;
    for (const [n, t] of m as Map<string, Container>) {
      if (!(t instanceof DynamicTable)) continue;
      const c = t.shallowClone();
      tables.set(t, c);
      place(p, m as Map<string, Container>, n, c);
    }
  }

  // Which containers refer into a copied table (through a region anywhere below them).
  const memo = new Map<Container, boolean>();
  const refers = (c: Container): boolean => {
    const known = memo.get(c);
    if (known !== undefined) return known;
    memo.set(c, false);
    let r = c instanceof DynamicTableRegion && tables.has(c.get('@table') as Container);
    if (!r) for (const [, x] of ownedChildren(c)) if (refers(x)) r = true;
    memo.set(c, r);
    return r;
  };

  // Copies `c` (owned by `owner` in the original, now by `into`) with the members that refer to copied tables
  // copied too; a region's indices are read into the copy and its table is the copied table.
  const rebuild = (c: Container, into: Container): Container => {
    const n = c.shallowClone();
    n.parent = into;
    if (c instanceof DynamicTableRegion) {
      n.fields.set('@table', tables.get(c.get('@table') as Container));
      n.fields.set('data', readAll(c.require('data')));
    }
    const clones = new Map<Container, Container>();
    for (const [key, x, map] of ownedChildren(c)) {
      if (!refers(x)) continue;
      const nx = rebuild(x, n);
      clones.set(x, nx);
      if (map) (n.fields.get(findMapPlace(c, map)) as Map<string, Container>).set(key, nx);
      else n.fields.set(key, nx);
    }
    // An index of a copied column is copied too (its target is the copied column).
    for (const [key, x, map] of ownedChildren(c)) {
      if (!(x instanceof VectorIndex) || clones.has(x)) continue;
      const target = x.get('@target') as Container;
      const nt = clones.get(target);
      if (!nt) continue;
      const nx = x.shallowClone();
      nx.parent = n;
      nx.fields.set('@target', nt);
      nx.fields.set('data', readAll(x.require('data')));
      clones.set(x, nx);
      if (map) (n.fields.get(findMapPlace(c, map)) as Map<string, Container>).set(key, nx);
      else n.fields.set(key, nx);
    }
    return n;
  };

  // The copied tables' own region columns (units.electrodes -> the copy's electrodes table).
  for (const [orig, c] of tables) {
    for (const [key, x, map] of ownedChildren(orig)) {
      if (!refers(x)) continue;
      const nx = rebuild(x, c);
      if (map) (c.fields.get(findMapPlace(orig, map)) as Map<string, Container>).set(key, nx);
      else c.fields.set(key, nx);
      // its index, if any
      for (const [ikey, ix, imap] of ownedChildren(orig)) {
        if (!(ix instanceof VectorIndex) || ix.get('@target') !== x) continue;
        const ni = ix.shallowClone();
        ni.parent = c;
        ni.fields.set('@target', nx);
        ni.fields.set('data', readAll(ix.require('data')));
        if (imap) (c.fields.get(findMapPlace(orig, imap)) as Map<string, Container>).set(ikey, ni);
        else c.fields.set(ikey, ni);
      }
    }
  }

  // Everything else of the file that refers into a copied table.
  for (const [key, x, map] of ownedChildren(file)) {
    if (tables.has(x) || !refers(x)) continue;
    const nx = rebuild(x, copy);
    if (map) (copy.fields.get(findMapPlace(file, map)) as Map<string, Container>).set(key, nx);
    else copy.fields.set(key, nx);
  }
  return copy;
}

/** The place of a group map of a container (clones have new maps at the same places). */
function findMapPlace(c: Container, map: Map<string, Container>): string {
  for (const [p, v] of c.fields) if (v === map) return p;
  throw new Error('internal: map not found');
}
