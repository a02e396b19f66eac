/**
 * checkLinks(): every external link of a file (and, by default, of the files it links to), each with whether
 * HDF5 can follow it, without changing anything.
 */
import * as fs from 'fs';
import * as path from 'path';
import { native } from '../binding';
import { DriverSpec, fsExists } from './drivers';
import { File } from './file';
import { brokenLinkReasons } from './group';

export interface LinkReport {
  /** 'external', or 'soft' (reported with { soft: true }). */
  type: 'external' | 'soft';
  /** The file that holds the link (absolute path). */
  file: string;
  /** The link's path in that file. */
  link: string;
  /** The target as stored in the link: file name (as written, often relative) and object path. */
  target: { file: string | null; path: string };
  /** The target file resolved against the linking file's folder (null for soft links). */
  targetFile: string | null;
  /** Whether HDF5 can open the target. */
  resolves: boolean;
  /**
   * Why not: 'missing file', 'missing object', 'refused' (externalLinks policy), 'cycle' (following it leads
   * back round to a link already followed), 'directory', 'not HDF5', 'file locked' (another program has it open
   * for writing), 'file open in another mode' (this process has it open read-only and the link needs it
   * writable, or the other way round), or 'cannot open file: ' and HDF5's message.
   */
  reason?: string;
}

export interface CheckLinksOptions {
  /** Also check the external links of the files linked to (default true; each file once). */
  recursive?: boolean;
  /** Also report soft links (dangling ones have resolves false). Default false. */
  soft?: boolean;
  /** Driver of the first file. */
  driver?: DriverSpec;
  /** Which external links may be followed (as File.open's option). Refused links are reported, not followed. */
  externalLinks?: 'allow' | 'deny' | { root: string };
}

export function checkLinks(file: string, options: CheckLinksOptions = {}): LinkReport[] {
  options ??= {};
  for (const k of Object.keys(options))
    if (!['recursive', 'soft', 'driver', 'externalLinks'].includes(k)) throw new TypeError(`unknown checkLinks option '${k}'`);
  const out: LinkReport[] = [];
  const seen = new Set<string>();
  const todo: { file: string; driver?: DriverSpec }[] = [{ file: path.resolve(file), driver: options.driver }];
  while (todo.length) {
    const { file: f, driver } = todo.shift()!;
    if (seen.has(f)) continue;
    seen.add(f);
    const h = File.open(f, 'r', { driver, externalLinks: options.externalLinks });
    try {
      for (const [name, type] of native.visitLinks(h._h)) {
        if (type !== 'external' && !(type === 'soft' && options.soft)) continue;
        const link = '/' + name;
        const info = native.linkInfo(h._h, name) as { type: string; file?: string; path: string };
        const targetFile = type === 'external' ? (path.isAbsolute(info.file!) ? info.file! : path.resolve(path.dirname(f), info.file!)) : null;
        let resolves = true;
        let reason: string | undefined;
        try {
          const o = h.get(name);
          if (!o) throw new Error('missing object');
          o.close();
        } catch (e) {
          resolves = false;
          const code = (e as { code?: string }).code;
          if (type === 'external' && targetFile && !fsExists(targetFile)) reason = 'missing file';
          else if (code === 'ERR_H5_LINK_REFUSED') reason = 'refused';
          else if (code === 'ERR_H5_LINK_CYCLE') reason = 'cycle';
          else if (brokenLinkReasons.has(e as Error)) reason = brokenLinkReasons.get(e as Error);
          else if (code === 'ERR_H5_NOT_FOUND' || code === 'ERR_H5_BROKEN_LINK' || (e as Error).message === 'missing object') reason = 'missing object';
          else reason = (e as Error).message;
        }
        out.push({
          type: type as 'external' | 'soft', file: f, link,
          target: { file: type === 'external' ? info.file! : null, path: info.path }, targetFile, resolves, reason,
        });
        if (resolves && targetFile && options.recursive !== false) todo.push({ file: targetFile });
      }
    } finally {
      h.close();
    }
  }
  return out;
}
