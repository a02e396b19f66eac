/**
 * Jest global setup: compiles lib/ to dist/ once, before any test file runs. Tests start child processes that
 * load dist/ (examples, the ESM entry, the code cache); building it from inside the test files (once per jest
 * worker) let one worker rewrite dist/ while another worker's child was loading it, which could see a module
 * half written. The test workers inherit H5NWB_TEST_DIST_BUILT and skip their own build (buildDist()).
 */
import { compileDist } from './helpers';

export default function globalSetup(): void {
  compileDist();
  process.env.H5NWB_TEST_DIST_BUILT = '1';
}
