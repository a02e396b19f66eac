'use strict';
// The command line and result-line helpers shared by the Node benchmark programs (h5nwb.js, nwb.js): both take
// `COMMAND key=value...` from run.js and print `RESULT key=value...` lines.
const fs = require('fs');

/** The command and its key=value arguments, with accessors for a required key and a numeric one. */
function commandLine(argv = process.argv) {
  const args = {};
  for (const a of argv.slice(3)) {
    const i = a.indexOf('=');
    if (i < 0) throw new Error(`expected key=value, got '${a}'`);
    args[a.slice(0, i)] = a.slice(i + 1);
  }
  const need = (k) => {
    if (args[k] === undefined) throw new Error(`missing ${k}=`);
    return args[k];
  };
  const num = (k, dflt) => (args[k] === undefined ? dflt : Number(args[k]));
  return { cmd: argv[2], args, need, num };
}

/** A figure with six significant digits, as the C reference prints it. */
function fmt(v) {
  return Number(v.toPrecision(6)).toString();
}

/** Size of a file in bytes, -1 when it does not exist. */
function fileSize(p) {
  try {
    return fs.statSync(p).size;
  } catch {
    return -1;
  }
}

module.exports = { commandLine, fmt, fileSize };
