// npm run demo:h5 [dir]: the HDF5 core on its own (the NWB tutorial is npm run demo): groups, a chunked append
// as data arrives (sync and async), attributes, and reading back.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { File, libraryInfo } = require('..');

async function main() {
  const dir = process.argv[2] ? path.resolve(process.argv[2]) : fs.mkdtempSync(path.join(os.tmpdir(), 'h5nwb-demo-'));
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, 'demo.h5');
  console.log(`h5nwb demo (HDF5 ${libraryInfo().hdf5Version}) writing into ${dir}`);

  const f = File.open(target, 'w');
  const g = f.createGroup('acquisition/ephys');
  g.attrs.set('description', 'two simulated streams');
  const ds = g.createDataset('raw', { dtype: 'int16', shape: [0, 64], maxshape: [null, 64], chunks: [4096, 64] });
  const block = new Int16Array(1000 * 64);
  for (let i = 0; i < block.length; i++) block[i] = Math.round(1000 * Math.sin(i / 64 / 20) + (i % 64));
  let t0 = performance.now();
  for (let b = 0; b < 200; b++) ds.append(block);
  let s = (performance.now() - t0) / 1000;
  console.log(`sync append: ${ds.shape[0]} rows x 64 ch in ${s.toFixed(3)} s = ${((200 * block.byteLength) / s / 1e6).toFixed(0)} MB/s`);

  const ts = g.createDataset('timestamps', { dtype: 'float64', shape: [0], maxshape: [null], chunks: [8192] });
  const ds2 = g.createDataset('raw_async', { dtype: 'int16', shape: [0, 64], maxshape: [null, 64], chunks: [4096, 64] });
  t0 = performance.now();
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  for (let b = 0; b < 200; b++) {
    await ds2.appendAsync(block);
    await ts.appendAsync(Float64Array.from({ length: 1000 }, (_, i) => (b * 1000 + i) / 30000));
  }
  clearInterval(timer);
  s = (performance.now() - t0) / 1000;
  console.log(`async append: ${ds2.shape[0]} rows in ${s.toFixed(3)} s; the event loop ticked ${ticks} times meanwhile`);
  await f.closeAsync();

  const r = File.open(target, 'r');
  const show = (grp, indent) => {
    for (const name of grp.keys()) {
      const o = grp.get(name);
      if (o.constructor.name === 'Dataset') console.log(`${indent}${name}: ${o.dtype} [${o.shape}] chunks [${o.chunks}]`);
      else {
        console.log(`${indent}${name}/  ${JSON.stringify(o.attrs.toObject())}`);
        show(o, indent + '  ');
      }
    }
  };
  show(r, '  ');
  const win = r.getDataset('acquisition/ephys/raw').read({ start: [1000, 0], count: [2, 4] });
  console.log('rows 1000-1001, channels 0-3:', Array.from(win.data));
  r.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
