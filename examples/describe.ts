/**
 * describe(): the structure of an HDF5 file, one line per object, from the h5 layer alone (File, Group.visit,
 * getLink, Dataset.shape/dtype/chunks): groups with their neurodata_type, datasets with dtype, shape, chunking and
 * filter, and links with their kind and target (soft → path, external → file:path). Links are not followed.
 */
import { checkLinks, File } from 'h5nwb';
import type { DriverSpec, LinkReport } from 'h5nwb';

export interface DescribeOptions {
  /** Driver of the file (e.g. { driver: 'family', memberSize }). */
  driver?: DriverSpec;
  /** Top-level groups left out (default: the namespace cache, /specifications). */
  skip?: string[];
  /** Leave out untyped groups with nothing listed below them (default true: NWB files carry many standard empty
   *  groups). */
  hideEmptyGroups?: boolean;
  /** Leave out text datasets (NWB's metadata: identifier, session_description, ...; default false). */
  hideText?: boolean;
}

export interface Entry {
  /** Absolute path of the link in the file. */
  path: string;
  kind: 'group' | 'dataset' | 'soft' | 'external';
  /** Links: the target path (soft) or 'file:path' (external). */
  target?: string;
  neurodataType?: string;
  dtype?: string;
  shape?: number[];
  maxshape?: (number | null)[];
  chunks?: number[] | null;
  compression?: string | null;
}

export interface Description {
  file: string;
  entries: Entry[];
  /** The entries as printable lines. */
  lines: string[];
}

export function describe(file: string, options: DescribeOptions = {}): Description {
  const skip = options.skip ?? ['specifications'];
  const hideEmpty = options.hideEmptyGroups ?? true;
  const f = File.open(file, 'r', options.driver ? { driver: options.driver } : {});
  let entries: Entry[] = [];
  try {
    const names: [string, string][] = [];
    f.visit((name, link) => {
      if (!skip.some((s) => name === s || name.startsWith(s + '/'))) names.push([name, link.type]);
      return undefined;
    });
    names.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [name, type] of names) {
      const p = '/' + name;
      const slash = name.lastIndexOf('/');
      const parent = slash < 0 ? f : f.getGroup(name.slice(0, slash));
      const link = parent.getLink(name.slice(slash + 1));
      if (link.type === 'soft') entries.push({ path: p, kind: 'soft', target: link.path });
      else if (link.type === 'external') entries.push({ path: p, kind: 'external', target: `${link.file}:${link.path}` });
      else if (type === 'hard') {
        const o = f.get(name);
        if (!o) continue;
        const nt = o.attrs.has('neurodata_type') ? String(o.attrs.get('neurodata_type')) : undefined;
        if ('shape' in o) {
          if (options.hideText && o.dtype === 'string') {
            o.close();
            continue;
          }
          entries.push({
            path: p, kind: 'dataset', neurodataType: nt, dtype: o.dtype, shape: o.shape, maxshape: o.maxshape, chunks: o.chunks,
            compression: o.compression ?? null,
          });
        } else entries.push({ path: p, kind: 'group', neurodataType: nt });
        o.close();
      }
    }
  } finally {
    f.close();
  }
  if (hideEmpty) {
    // Sorted by path, so everything below a group comes right after it: walk backwards.
    const kept: Entry[] = [];
    for (let i = entries.length - 1; i >= 0; i--) {
      const e = entries[i];
      const below = kept.length > 0 && kept[kept.length - 1].path.startsWith(e.path + '/');
      if (e.kind !== 'group' || e.neurodataType !== undefined || below) kept.push(e);
    }
    entries = kept.reverse();
  }
  return { file, entries, lines: entries.map(formatEntry) };
}

function formatEntry(e: Entry): string {
  const nt = e.neurodataType ? ` <${e.neurodataType}>` : '';
  switch (e.kind) {
    case 'group':
      return `${e.path}/${nt}`;
    case 'soft':
      return `${e.path}  -> soft link to ${e.target}`;
    case 'external':
      return `${e.path}  -> external link to ${e.target}`;
    case 'dataset': {
      const growable = e.maxshape && e.maxshape.some((m) => m === null) ? ` maxshape [${e.maxshape.map((m) => (m === null ? 'None' : m)).join(', ')}]` : '';
      const chunks = e.chunks ? ` chunks [${e.chunks.join(', ')}]` : ' contiguous';
      const filter = e.compression ? ` ${e.compression}` : '';
      return `${e.path}  ${e.dtype} [${e.shape!.join(', ')}]${growable}${chunks}${filter}${nt}`;
    }
  }
}

/** checkLinks() as lines: every external link (recursively, across files) and whether it resolves. */
export function linkStatus(file: string): { links: LinkReport[]; lines: string[] } {
  const links = checkLinks(file);
  const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
  const lines = links.map(
    (l) => `${l.resolves ? 'ok    ' : 'BROKEN'} ${base(l.file)}:${l.link} -> ${l.target.file}:${l.target.path}${l.reason ? ` (${l.reason})` : ''}`,
  );
  if (!links.length) lines.push('no external links');
  return { links, lines };
}
