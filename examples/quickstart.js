// Quick start: a file, a group, a resizable chunked dataset grown as data arrives, and attributes.
// Run: node examples/quickstart.js [file]
const os = require('os');
const path = require('path');
const { File } = require('..');

const target = process.argv[2] || path.join(os.tmpdir(), 'h5nwb-quickstart.h5');

const f = File.open(target, 'w');
const stream = f.createGroup('acquisition/stream0');
stream.attrs.set('description', 'a simulated 4-channel recording');
stream.attrs.set('rate', 1000.0);

const data = stream.createDataset('data', {
  dtype: 'int16',
  shape: [0, 4],
  maxshape: [null, 4],
  chunks: [1024, 4],
  compression: 'gzip',
});
for (let block = 0; block < 10; block++) {
  const rows = new Int16Array(100 * 4).map((_, i) => block * 100 + Math.floor(i / 4));
  data.append(rows); // grows the dataset by 100 rows and writes them
}
const first = data.read({ start: [0, 0], count: [2, 4] });
console.log(`${target}: ${stream.name}/data shape [${data.shape}] chunks [${data.chunks}] ${data.compression}`);
console.log('first rows:', Array.from(first.data), 'shape', first.shape);
console.log('attributes:', stream.attrs.toObject());
f.close();
