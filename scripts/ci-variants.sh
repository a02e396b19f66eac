#!/usr/bin/env bash
# The CI runs beyond `npm test` (which runs the whole suite against the source build in build/, bundled HDF5):
#
#   prebuild  the suites that cover every public call (test/h5, test/nwb, test/interop), the addon fuzz test
#             (test/native) and the process and thread lifecycle tests (test/lifecycle) again, against the
#             committed prebuild (H5NWB_ADDON=prebuild makes lib/binding.ts load prebuilds/<platform>-<arch>/),
#             after checking that it was built from the current sources.
#   system    the addon linked to the system libhdf5 (H5NWB_HDF5=system: Debian's 1.10.8 through pkg-config),
#             built in a temporary copy of the repository so build/ stays the bundled build, and a smoke suite
#             and the addon fuzz test run against it.
#
#   bash scripts/ci-variants.sh [prebuild|system|all]      (default: all; the variants run one after the other)
#
# Environment:
#   H5NWB_PREBUILD_SUITE  test paths for the prebuild run (default: test/h5 test/nwb test/interop test/native
#                         test/lifecycle, those that exist)
#   H5NWB_SYSTEM_SUITE    test paths for the system run (default: test/h5/smoke.test.ts test/h5/files.test.ts test/h5/dtypes.test.ts
#                         test/h5/errors.test.ts test/h5/nested-values.test.ts test/h5/groups.test.ts test/h5/attributes.test.ts test/native test/lifecycle/write-failure.test.ts test/lifecycle/close-failure.test.ts)
#   H5NWB_KEEP_WORK=1     keep the temporary copy of the system run
# Needs what `npm test` needs (node_modules installed; scripts/ensure-system-deps.sh has run: libhdf5-dev,
# pkg-config, a compiler, python3-h5py). Prints one line per variant, and exits non-zero when any failed.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
which=${1:-all}
case $which in prebuild|system|all) ;; *) echo "usage: bash scripts/ci-variants.sh [prebuild|system|all]" >&2; exit 2 ;; esac

log() { printf 'h5nwb: ci-variants: %s\n' "$*" >&2; }
summary=()
failed=0
cleanup=()
trap 'for d in "${cleanup[@]}"; do rm -rf "$d"; done' EXIT

# jest_counts FILE -> "N passed, M failed" from jest's --json output (or "no result" when there is none).
jest_counts() {
  node -e '
    try {
      const r = require(process.argv[1]);
      console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed${r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""}` +
        (r.numRuntimeErrorTestSuites ? `, ${r.numRuntimeErrorTestSuites} suites did not run` : ""));
    } catch (e) { console.log("no result"); }' "$1"
}

run_prebuild() {
  local t0=$SECONDS suite=() p
  for p in ${H5NWB_PREBUILD_SUITE:-test/h5 test/nwb test/interop test/native test/lifecycle}; do [ -e "$p" ] && suite+=("$p"); done
  [ ${#suite[@]} -gt 0 ] || { log "prebuild: no test paths found"; return 1; }
  # The prebuild must be the current sources' (test/packaging/prebuild.test.ts says the same, in more detail).
  local want have
  want=$(node scripts/source-hash.js)
  have=$(H5NWB_ADDON=prebuild node -e '
    const fs = require("fs"), path = require("path");
    const d = path.join("prebuilds", `${process.platform}-${process.arch}`);
    const f = fs.readdirSync(d).filter((n) => n.endsWith(".node"));
    process.stdout.write(require(path.resolve(d, f[0])).libraryInfo().sourceHash)') || have="(does not load)"
  if [ "$want" != "$have" ]; then
    log "prebuild: prebuilds/ was built from other sources ($have, sources: $want): run npm run build:prebuild and commit prebuilds/"
    summary+=("prebuild: stale prebuild, not run")
    return 1
  fi
  log "prebuild: ${suite[*]} against prebuilds/ ($have)"
  local out status=0
  out=$(mktemp /tmp/h5nwb-ci-prebuild-XXXXXX.json)
  H5NWB_ADDON=prebuild node node_modules/.bin/jest --ci --json --outputFile="$out" "${suite[@]}" || status=$?
  summary+=("prebuild (${suite[*]}): $(jest_counts "$out") in $((SECONDS - t0)) s")
  rm -f "$out"
  return $status
}

run_system() {
  local t0=$SECONDS work status=0
  work=$(mktemp -d /tmp/h5nwb-ci-system-XXXXXX)
  [ "${H5NWB_KEEP_WORK:-}" = 1 ] && log "system: keeping $work" || cleanup+=("$work")
  # The files a clone has (and untracked, not ignored ones, for a run in a working tree); node_modules linked;
  # ../shared beside the copy as beside the repository (the tests look for it there).
  mkdir -p "$work/repo"
  git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [ -f "$f" ] && printf '%s\0' "$f"; done |
    tar --null -T - -cf - | tar -xf - -C "$work/repo"
  ln -s "$root/node_modules" "$work/repo/node_modules"
  [ -d "$root/../shared" ] && ln -s "$(cd "$root/../shared" && pwd)" "$work/shared"
  log "system: building the addon against the system libhdf5 in $work/repo"
  if ! (cd "$work/repo" && H5NWB_HDF5=system node scripts/build-native.js >"$work/build.log" 2>&1); then
    tail -n 40 "$work/build.log" >&2
    summary+=("system: the build failed")
    return 1
  fi
  local info
  info=$(cd "$work/repo" && node -e '
    const i = require("./build/Release/h5nwb.node").libraryInfo();
    process.stdout.write(`${i.hdf5Linkage} ${i.hdf5Version}`)')
  case $info in
    system\ *) log "system: built (HDF5 ${info#system }, linked from the system) in $((SECONDS - t0)) s" ;;
    *) log "system: the build reports '$info', not a system-linked HDF5"; summary+=("system: wrong linkage ($info)"); return 1 ;;
  esac
  local suite=(${H5NWB_SYSTEM_SUITE:-test/h5/smoke.test.ts test/h5/files.test.ts test/h5/dtypes.test.ts test/h5/errors.test.ts test/h5/nested-values.test.ts test/h5/groups.test.ts test/h5/attributes.test.ts test/native test/lifecycle/write-failure.test.ts test/lifecycle/close-failure.test.ts}) out="$work/jest.json"
  (cd "$work/repo" && H5NWB_ADDON=build H5NWB_HDF5=system node node_modules/.bin/jest --ci --json --outputFile="$out" \
    "${suite[@]}") || status=$?
  summary+=("system (HDF5 ${info#system }; ${suite[*]}): $(jest_counts "$out") in $((SECONDS - t0)) s")
  return $status
}

if [ "$which" = prebuild ] || [ "$which" = all ]; then run_prebuild || failed=1; fi
if [ "$which" = system ] || [ "$which" = all ]; then run_system || failed=1; fi
for s in "${summary[@]}"; do printf 'ci-variants: %s\n' "$s"; done
exit $failed
