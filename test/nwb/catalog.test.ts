/**
 * The namespace catalog's sharing and the prebuilt /specifications texts: catalogs of the built-in namespaces share
 * one table of resolved types, and loading an extension into one of them never shows in another; the texts the
 * build stores for the built-in namespaces are the ones a write would make.
 */
import * as fs from 'fs';
import * as path from 'path';
import { NamespaceCatalog } from '../../lib';
import { BUILTIN_NAMESPACES } from '../../lib/nwb/spec';
import { BUILTIN_TEXTS_FILE, builtinTexts, namespaceTexts, textsOf } from '../../lib/nwb/spec/texts';

const EXT = {
  namespace: {
    name: 'ndx-cow', doc: 'test', author: ['Test'], contact: ['t@example.org'], version: '0.1.0',
    schema: [{ namespace: 'core', neurodata_types: ['TimeSeries'] }, { source: 'ndx-cow.extensions' }],
  },
  sources: {
    'ndx-cow.extensions': {
      name: 'ndx-cow.extensions',
      groups: [{ neurodata_type_def: 'CowSeries', neurodata_type_inc: 'TimeSeries', doc: 'a subtype', attributes: [{ name: 'herd', dtype: 'text', doc: 'which herd' }] }],
    },
  },
};

test('built-in catalogs share resolved types; an extension loaded into one stays in that one', () => {
  const a = NamespaceCatalog.builtin();
  const b = NamespaceCatalog.builtin();
  expect(a.resolve('Units')).toBe(b.resolve('Units'));
  a.load(EXT as never);
  expect(a.has('CowSeries')).toBe(true);
  expect(a.isA('CowSeries', 'TimeSeries')).toBe(true);
  expect(a.namespaces.has('ndx-cow')).toBe(true);
  expect(b.has('CowSeries')).toBe(false);
  expect(b.namespaces.has('ndx-cow')).toBe(false);
  expect(NamespaceCatalog.builtin().has('CowSeries')).toBe(false);
  expect(() => NamespaceCatalog.builtin().resolve('CowSeries')).toThrow(/unknown neurodata type 'CowSeries'/);
  // The built-in types still resolve the same in the catalog that has its own tables now.
  expect(a.resolve('Units').spec).toEqual(b.resolve('Units').spec);
});

test('the texts of a namespace: each source without its name, the namespace with schema sources without .yaml', () => {
  const t = namespaceTexts(EXT.namespace as never, EXT.sources as never);
  expect(JSON.parse(t.sources['ndx-cow.extensions'])).toEqual({ groups: EXT.sources['ndx-cow.extensions'].groups });
  expect(JSON.parse(t.namespace)).toEqual({ namespaces: [EXT.namespace] });
  const yaml = { ...EXT.namespace, schema: [EXT.namespace.schema[0], { source: 'ndx-cow.extensions.yaml' }] };
  expect(JSON.parse(namespaceTexts(yaml as never, EXT.sources as never).namespace).namespaces[0].schema[1]).toEqual({ source: 'ndx-cow.extensions' });
  // Built-in namespaces get the same texts as any other namespace of the same content.
  const core = BUILTIN_NAMESPACES[0];
  expect(textsOf(core.namespace, core.sources)).toEqual(namespaceTexts(core.namespace, core.sources));
});

test('the build stores the built-in namespaces\' texts exactly as a write makes them', () => {
  const file = path.join(__dirname, '..', '..', 'dist', 'nwb', 'spec', BUILTIN_TEXTS_FILE);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run 'npm run build:ts' (npm install does) before the tests`);
  expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(builtinTexts());
});
