/** camelCase accessors over spec places, declared once per class. */
import { Container } from './base';

/** Defines `prop` getters/setters that read and write `place` (see Container). */
export function defineProps(cls: { prototype: Container }, map: Record<string, string>): void {
  for (const [prop, place] of Object.entries(map)) {
    Object.defineProperty(cls.prototype, prop, {
      get(this: Container) {
        return this.get(place);
      },
      set(this: Container, v: unknown) {
        this.set(place, v);
      },
      configurable: true,
      enumerable: false,
    });
  }
}

/** Copies constructor arguments into their places, refusing unknown argument names. */
export function assignArgs(c: Container, args: Record<string, unknown>, map: Record<string, string>, extra: string[] = []): void {
  for (const [k, v] of Object.entries(args)) {
    if (k === 'name' || extra.includes(k)) continue;
    const place = map[k];
    if (!place) throw new TypeError(`${c.neurodataType}: unknown argument '${k}' (expected ${['name', ...Object.keys(map), ...extra].join(', ')})`);
    if (v !== undefined) c.set(place, v);
  }
}

/**
 * Refuses constructor arguments that are not an object (null, a number, an array, ...) with a TypeError naming the
 * type, before anything reads them; `undefined` passes when every argument is optional.
 */
export function objectArgs(type: string, args: unknown, optional = false): void {
  if (args === undefined && optional) return;
  if (typeof args === 'object' && args !== null && !Array.isArray(args)) return;
  const what = args === null ? 'null' : Array.isArray(args) ? 'an array' : args === undefined ? 'nothing' : `a ${typeof args}`;
  throw new TypeError(`${type}: the arguments must be an object ({ name, ... }), not ${what}`);
}

/** Throws when a required argument is missing. */
export function requireArgs(type: string, args: Record<string, unknown>, names: string[]): void {
  for (const n of names)
    if (args[n] === undefined || args[n] === null) throw new TypeError(`${type}: '${n}' is required`);
}
