#!/usr/bin/env bash
# Builds the HDF5 that the h5nwb addon bundles: a static, position-independent (-fPIC), thread-safe C library
# with the deflate (zlib) and szip (libaec) filters, ready to be linked into a .node shared object.
#
#   bash scripts/build-hdf5.sh                 build if needed; prints the install prefix on stdout
#   bash scripts/build-hdf5.sh --print-prefix  print the install prefix without building
#
# The result lives OUTSIDE the clone, in
#   ${H5NWB_CACHE_DIR:-$HOME/.cache/h5nwb}/hdf5-<version>-<first 12 hex digits of sha256(this script)>/
#     include/            HDF5's public headers
#     lib/                libhdf5.a libsz.a libaec.a libz.a (all PIC)
#     share/licenses/     licences of what is in lib/
#     build-info.json     what was built, and the link inputs in order (scripts/hdf5-config.js reads it)
# Any edit to this script changes the directory name, so a changed recipe never reuses an old build.
#
# Sources: the plain upstream ("orig") tarballs of Debian trixie's source packages hdf5 (1.14.5) and zlib (1.3.1),
# no Debian patches. They are downloaded with `apt-get source --download-only` through a private sources file and
# private state/cache directories (the system's apt configuration is not touched), checked against the SHA-256 sums
# below, and kept in <cache>/downloads/, so a rebuild needs no network. (Dropping the two tarballs there by hand
# works too.)
# zlib is built from source because Debian bookworm's libz.a is not position-independent (its objects carry
# R_X86_64_PC32 relocations against global symbols; a -shared link fails with "recompile with -fPIC").
# libsz.a and libaec.a come from Debian's libaec-dev: those are PIC already and are copied into the cache.
#
# Idempotent: if the install directory is complete it exits at once. Concurrent runs serialise on a flock in the
# cache directory; the build happens in a temporary directory next to the result and is renamed into place in one
# step, so the install directory either is complete or does not exist.
#
# Environment: H5NWB_CACHE_DIR (cache root), H5NWB_BUILD_JOBS (parallel jobs, default: nproc),
# H5NWB_LOCK_TIMEOUT (seconds to wait for another build, default 3600), H5NWB_VERBOSE=1 (stream the tools' output
# instead of keeping it in a log), H5NWB_KEEP_WORK=1 (keep the work directory of a failed build),
# H5NWB_DEBIAN_MIRROR (Debian archive URI; default: the machine's own Debian
# source, else http://deb.debian.org/debian).
set -euo pipefail

HDF5_VERSION=1.14.5
HDF5_ORIG=hdf5_1.14.5+repack.orig.tar.gz
HDF5_ORIG_SHA256=71cdb04c151ef4e8a7f88907adfc4f3b75afd44e96fbd55775e1c9d7c4e7c112
HDF5_SRCDIR=hdf5-1.14.5+repack
ZLIB_VERSION=1.3.1
ZLIB_ORIG=zlib_1.3.dfsg+really1.3.1.orig.tar.gz
ZLIB_ORIG_SHA256=60dd315c07f616887caa029408308a018ace66e3d142726a97db164b3b8f69fb
ZLIB_SRCDIR=zlib-1.3.1
DEBIAN_SUITE=trixie
DEBIAN_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

log() { printf 'h5nwb: build-hdf5: %s\n' "$*" >&2; }
die() { printf 'h5nwb: build-hdf5: ERROR: %s\n' "$*" >&2; exit 1; }

script_path=$(readlink -f "${BASH_SOURCE[0]}")
script_dir=$(dirname "$script_path")
script_hash=$(sha256sum "$script_path" | cut -c1-12)

if [ -n "${H5NWB_CACHE_DIR:-}" ]; then
  cache_root=$H5NWB_CACHE_DIR
else
  [ -n "${HOME:-}" ] || die "neither H5NWB_CACHE_DIR nor HOME is set; set H5NWB_CACHE_DIR to a writable directory"
  cache_root=$HOME/.cache/h5nwb
fi
case $cache_root in /*) ;; *) cache_root=$PWD/$cache_root ;; esac
case $cache_root in *[[:space:]]*) die "the cache directory '$cache_root' contains whitespace, which compiler flags and build files cannot carry; set H5NWB_CACHE_DIR to a path without spaces" ;; esac
prefix=$cache_root/hdf5-$HDF5_VERSION-$script_hash
downloads=$cache_root/downloads

is_complete() {
  [ -f "$prefix/build-info.json" ] && [ -f "$prefix/lib/libhdf5.a" ] && [ -f "$prefix/include/hdf5.h" ]
}

case "${1:-}" in
  "") ;;
  --print-prefix) printf '%s\n' "$prefix"; exit 0 ;;
  -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$script_path" >&2; exit 0 ;;
  *) die "unknown argument '$1' (usage: build-hdf5.sh [--print-prefix])" ;;
esac

# Fast path: nothing to do.
if is_complete; then printf '%s\n' "$prefix"; exit 0; fi

mkdir -p "$cache_root" || die "cannot create the cache directory $cache_root"

# One build at a time per cache directory (any version/hash): holding the lock also makes it safe to sweep
# leftovers of interrupted builds.
exec 9>>"$cache_root/.build-hdf5.lock"
if ! flock -n 9; then
  log "another HDF5 build holds $cache_root/.build-hdf5.lock; waiting for it..."
  flock -w "${H5NWB_LOCK_TIMEOUT:-3600}" 9 || die "timed out waiting for the lock $cache_root/.build-hdf5.lock"
fi
if is_complete; then printf '%s\n' "$prefix"; exit 0; fi   # built by whoever held the lock

for stale in "$cache_root"/.work-hdf5-*; do
  [ -e "$stale" ] || continue
  log "removing leftovers of an interrupted build: $stale"
  rm -rf "$stale"
done

t_start=$SECONDS
work=$(mktemp -d "$cache_root/.work-hdf5-$script_hash-XXXXXX")
logdir=$work/logs
mkdir -p "$logdir"
step="setting up"
current_log=

on_exit() {
  local rc=$?
  if [ "$rc" -ne 0 ]; then
    log "FAILED (exit status $rc) while $step."
    if [ -n "$current_log" ] && [ -s "$current_log" ]; then
      local keep=$cache_root/build-hdf5-failed.log
      cp "$current_log" "$keep" 2>/dev/null || keep=$current_log
      log "last lines of the log (full log: $keep):"
      tail -n 40 "$current_log" | sed 's/^/    /' >&2
    fi
    log "nothing was installed; $prefix does not exist. Fix the cause and run scripts/build-hdf5.sh again."
  fi
  if [ "$rc" -ne 0 ] && [ "${H5NWB_KEEP_WORK:-0}" = 1 ]; then
    log "H5NWB_KEEP_WORK=1: keeping $work (the next build removes it)"
  else
    rm -rf "$work"
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# run LOGNAME CMD...: runs a tool with its output in $logdir/LOGNAME.log (or on stderr when H5NWB_VERBOSE=1).
run() {
  local name=$1; shift
  current_log=$logdir/$name.log
  if [ "${H5NWB_VERBOSE:-0}" = 1 ]; then
    "$@" 2>&1 | tee -a "$current_log" >&2
    return "${PIPESTATUS[0]}"
  fi
  "$@" >>"$current_log" 2>&1
}

# --- prerequisites --------------------------------------------------------------------------------------------
step="checking prerequisites"
missing_prereqs() {
  local m=() t
  for t in cc make cmake ninja tar gzip sha256sum; do command -v "$t" >/dev/null 2>&1 || m+=("$t"); done
  for t in libsz.a libaec.a; do
    case $(cc -print-file-name="$t" 2>/dev/null) in /*) ;; *) m+=("$t") ;; esac
  done
  for t in szlib.h libaec.h; do [ -f "/usr/include/$t" ] || m+=("$t"); done
  [ ${#m[@]} -eq 0 ] || printf '%s ' "${m[@]}"
}
missing=$(missing_prereqs)
if [ -n "$missing" ]; then
  log "missing: $missing-> running scripts/ensure-system-deps.sh"
  [ -f "$script_dir/ensure-system-deps.sh" ] || die "missing build prerequisites: $missing"
  bash "$script_dir/ensure-system-deps.sh" >&2 || die "could not install the build prerequisites ($missing)"
  missing=$(missing_prereqs)
  [ -z "$missing" ] || die "still missing after ensure-system-deps.sh: $missing"
fi
libsz_a=$(readlink -f "$(cc -print-file-name=libsz.a)")
libaec_a=$(readlink -f "$(cc -print-file-name=libaec.a)")
jobs=${H5NWB_BUILD_JOBS:-$(nproc 2>/dev/null || echo 2)}

# --- sources -------------------------------------------------------------------------------------------------
sha_ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

debian_mirror() {
  if [ -n "${H5NWB_DEBIAN_MIRROR:-}" ]; then printf '%s\n' "$H5NWB_DEBIAN_MIRROR"; return; fi
  local codename uri=
  codename=$(. /etc/os-release 2>/dev/null && printf '%s' "${VERSION_CODENAME:-}")
  # deb822 stanzas (*.sources) whose Suites name the release itself (not -security/-updates)...
  [ -n "$codename" ] && uri=$(awk -v cn="$codename" '
      function flush() { if (uris != "" && en != "no" && (" " suites " ") ~ (" " cn " ")) { split(uris, u, " "); print u[1]; exit } uris = ""; suites = ""; en = "" }
      FNR == 1 { flush() }
      /^[ \t]*$/ { flush(); next }
      tolower($1) == "uris:"    { $1 = ""; uris = $0 }
      tolower($1) == "suites:"  { $1 = ""; suites = $0 }
      tolower($1) == "enabled:" { en = tolower($2) }
      END { flush() }' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1)
  # ...or one-line entries (sources.list, *.list).
  [ -n "$uri" ] || [ -z "$codename" ] || uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      sed 's/\[[^]]*\]//' | awk -v cn="$codename" '$1 ~ /^deb(-src)?$/ && $3 == cn { print $2; exit }')
  printf '%s\n' "${uri:-http://deb.debian.org/debian}"
}

fetch_debian_sources() {  # fetch_debian_sources SRCPKG...
  local apt=$work/apt mirror
  mirror=$(debian_mirror)
  mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/dl"
  cat >"$apt/debian-src.sources" <<EOF
Types: deb-src
URIs: $mirror
Suites: $DEBIAN_SUITE
Components: main
Signed-By: $DEBIAN_KEYRING
EOF
  local o=(-o "Dir::Etc::SourceList=$apt/debian-src.sources" -o Dir::Etc::SourceParts=/dev/null
           -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=)
  command -v apt-get >/dev/null || die "apt-get is needed to download the sources (or put $HDF5_ORIG and $ZLIB_ORIG into $downloads)"
  # apt drops privileges to _apt for downloads; let it reach and write the download directory.
  if [ "$(id -u)" = 0 ] && id _apt >/dev/null 2>&1; then chmod 755 "$work" "$apt"; chown _apt "$apt/dl"; fi
  log "downloading Debian $DEBIAN_SUITE source packages ($*) from $mirror"
  step="downloading the $DEBIAN_SUITE source index (apt-get update, private lists)"
  run apt apt-get "${o[@]}" update ||
    die "apt-get update of the private $DEBIAN_SUITE deb-src list failed (no network to $mirror?)"
  step="downloading source packages $*"
  current_log=$logdir/apt.log
  (cd "$apt/dl" && run apt apt-get "${o[@]}" source --download-only "$@") ||
    die "apt-get source --download-only $* failed"
  grep -h '^Version:' "$apt"/dl/*.dsc 2>/dev/null | sed 's/^/h5nwb: build-hdf5:   got /' >&2 || true
  local f
  for f in "$apt"/dl/*.orig.tar.*; do
    [ -e "$f" ] || continue
    cp "$f" "$downloads/.$(basename "$f").part" && mv -f "$downloads/.$(basename "$f").part" "$downloads/$(basename "$f")"
  done
}

step="checking the source tarballs"
mkdir -p "$downloads"
need=()
for pair in "hdf5 $HDF5_ORIG $HDF5_ORIG_SHA256" "zlib $ZLIB_ORIG $ZLIB_ORIG_SHA256"; do
  set -- $pair
  if ! sha_ok "$downloads/$2" "$3"; then
    [ -e "$downloads/$2" ] && { log "$downloads/$2 has the wrong SHA-256; downloading it again"; rm -f "$downloads/$2"; }
    need+=("$1")
  fi
done
if [ ${#need[@]} -gt 0 ]; then
  fetch_debian_sources "${need[@]}"
  for pair in "hdf5 $HDF5_ORIG $HDF5_ORIG_SHA256" "zlib $ZLIB_ORIG $ZLIB_ORIG_SHA256"; do
    set -- $pair
    [ -f "$downloads/$2" ] || die "Debian $DEBIAN_SUITE's '$1' source package no longer ships $2 (see the versions above); update the *_ORIG settings at the top of $script_path"
    sha_ok "$downloads/$2" "$3" || die "$downloads/$2 does not match the SHA-256 pinned in $script_path"
  done
else
  log "using cached source tarballs in $downloads"
fi

src=$work/src; bld=$work/build; deps=$work/deps
# HDF5 is configured for its final prefix (it records it in libhdf5.settings) and installed under a DESTDIR.
destdir=$work/destdir; stage=$destdir$prefix
mkdir -p "$src" "$deps/include" "$deps/lib"

# --- zlib (PIC, static) --------------------------------------------------------------------------------------
step="building zlib $ZLIB_VERSION"
log "building zlib $ZLIB_VERSION (static, -fPIC)"
tar -xzf "$downloads/$ZLIB_ORIG" -C "$src"
current_log=$logdir/zlib.log
(
  cd "$src/$ZLIB_SRCDIR"
  run zlib env CFLAGS="-O2 -fPIC -ffile-prefix-map=$src/=" ./configure --static --prefix="$deps"
  run zlib make -j"$jobs" libz.a
  run zlib make install
)

# --- libaec (Debian's static libs are PIC already; copied) ----------------------------------------------------
cp "$libsz_a" "$libaec_a" "$deps/lib/"
cp /usr/include/szlib.h /usr/include/libaec.h "$deps/include/"
libaec_deb=$(dpkg-query -W -f='${Version}' libaec-dev 2>/dev/null || echo unknown)

# libaec-dev ships no CMake package; HDF5 wants targets it can ask OUTPUT_NAME of (for its pkg-config file).
# HDF5 runs find_package(SZIP NAMES \${LIBAEC_PACKAGE_NAME}): that name is empty unless its cacheinit.cmake is
# used, so the file CMake looks for in SZIP_DIR is szip-config.cmake (libaec-config.cmake covers the other case).
mkdir -p "$work/szip-cmake"
echo 'include ("${CMAKE_CURRENT_LIST_DIR}/szip-config.cmake")' >"$work/szip-cmake/libaec-config.cmake"
cat >"$work/szip-cmake/szip-config.cmake" <<EOF
# Written by h5nwb's build-hdf5.sh: Debian's static libsz.a/libaec.a as imported targets for HDF5's find_package(SZIP).
if (NOT TARGET aec-static)
  add_library (aec-static STATIC IMPORTED)
  set_target_properties (aec-static PROPERTIES
    IMPORTED_LOCATION "$deps/lib/libaec.a"
    INTERFACE_INCLUDE_DIRECTORIES "$deps/include"
    OUTPUT_NAME aec)
endif ()
if (NOT TARGET szaec-static)
  add_library (szaec-static STATIC IMPORTED)
  set_target_properties (szaec-static PROPERTIES
    IMPORTED_LOCATION "$deps/lib/libsz.a"
    INTERFACE_INCLUDE_DIRECTORIES "$deps/include"
    INTERFACE_LINK_LIBRARIES aec-static
    OUTPUT_NAME sz)
endif ()
set (libaec_FOUND TRUE)
set (SZIP_FOUND TRUE)
set (SZIP_static_FOUND TRUE)
set (SZIP_VERSION "2.0.1")
set (SZIP_INCLUDE_DIR "$deps/include")
set (SZIP_INCLUDE_DIRS "$deps/include")
set (SZIP_LIBRARIES szaec-static aec-static)
EOF

# --- HDF5 ----------------------------------------------------------------------------------------------------
step="unpacking HDF5 $HDF5_VERSION"
tar -xzf "$downloads/$HDF5_ORIG" -C "$src"
step="configuring HDF5 $HDF5_VERSION (cmake)"
log "configuring HDF5 $HDF5_VERSION (static, -fPIC, thread-safe, deflate + szip)"
t_cfg=$SECONDS
run hdf5-configure cmake -G Ninja -S "$src/$HDF5_SRCDIR" -B "$bld" \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_INSTALL_PREFIX="$prefix" \
  -DCMAKE_C_FLAGS="-ffile-prefix-map=$src/=" \
  -DCMAKE_POSITION_INDEPENDENT_CODE=ON \
  -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON \
  -DBUILD_SHARED_LIBS=OFF -DBUILD_STATIC_LIBS=ON -DONLY_SHARED_LIBS=OFF \
  -DBUILD_TESTING=OFF -DHDF5_BUILD_TOOLS=OFF -DHDF5_BUILD_UTILS=OFF -DHDF5_BUILD_EXAMPLES=OFF \
  -DHDF5_BUILD_HL_LIB=OFF -DHDF5_BUILD_CPP_LIB=OFF -DHDF5_BUILD_FORTRAN=OFF -DHDF5_BUILD_JAVA=OFF \
  -DHDF5_BUILD_DOC=OFF -DHDF5_BUILD_GENERATORS=OFF \
  -DHDF5_ENABLE_THREADSAFE=ON -DHDF5_ENABLE_PARALLEL=OFF \
  -DHDF5_ENABLE_ROS3_VFD=OFF -DHDF5_ENABLE_HDFS=OFF -DHDF5_ENABLE_MIRROR_VFD=OFF -DHDF5_ENABLE_SUBFILING_VFD=OFF \
  -DHDF5_ALLOW_EXTERNAL_SUPPORT=NO \
  -DHDF5_ENABLE_Z_LIB_SUPPORT=ON -DHDF5_USE_ZLIB_STATIC=ON -DZLIB_USE_EXTERNAL=OFF \
  -DZLIB_ROOT="$deps" -DZLIB_INCLUDE_DIR="$deps/include" -DZLIB_LIBRARY="$deps/lib/libz.a" \
  -DHDF5_ENABLE_SZIP_SUPPORT=ON -DHDF5_ENABLE_SZIP_ENCODING=ON -DHDF5_USE_LIBAEC_STATIC=ON -DSZIP_USE_EXTERNAL=OFF \
  -DSZIP_DIR="$work/szip-cmake" \
  -DHDF5_ENABLE_ALL_WARNINGS=OFF -DHDF5_DISABLE_COMPILER_WARNINGS=ON

# HDF5 only warns when a requested filter is not found; insist on everything this build is for.
pubconf=$bld/src/H5pubconf.h
for def in H5_HAVE_THREADSAFE H5_HAVE_FILTER_DEFLATE H5_HAVE_FILTER_SZIP; do
  grep -Eq "^#[[:space:]]*define $def 1" "$pubconf" || die "HDF5 was configured without $def (see $current_log)"
done
log "configured in $((SECONDS - t_cfg)) s; compiling with $jobs jobs"

step="compiling HDF5 $HDF5_VERSION"
t_build=$SECONDS
run hdf5-build cmake --build "$bld" --parallel "$jobs"
step="installing HDF5 into the staging directory"
DESTDIR=$destdir run hdf5-install cmake --install "$bld"
[ -f "$stage/include/hdf5.h" ] || die "cmake --install did not put hdf5.h into $stage/include"
log "compiled in $((SECONDS - t_build)) s"

# --- assemble the install tree -------------------------------------------------------------------------------
step="assembling the install directory"
# Keep headers, the static libraries and libhdf5.settings. HDF5's installed hdf5.pc, CMake package files and
# compiler wrappers name link inputs that do not exist for this build (-lzlib-static, ZLIB::ZLIB): dropped.
rm -rf "$stage/bin" "$stage/cmake" "$stage/share" "$stage/lib/pkgconfig" "$stage/lib/cmake"
cp "$deps/lib/libz.a" "$deps/lib/libsz.a" "$deps/lib/libaec.a" "$stage/lib/"
mkdir -p "$stage/share/licenses"
cp "$src/$HDF5_SRCDIR/COPYING" "$stage/share/licenses/hdf5-COPYING"
cp "$src/$ZLIB_SRCDIR/LICENSE" "$stage/share/licenses/zlib-LICENSE" 2>/dev/null ||
  sed -n '/Copyright notice/,$p' "$src/$ZLIB_SRCDIR/README" >"$stage/share/licenses/zlib-LICENSE"
cp /usr/share/doc/libaec-dev/copyright "$stage/share/licenses/libaec-copyright" 2>/dev/null ||
  cp /usr/share/doc/libaec0/copyright "$stage/share/licenses/libaec-copyright" 2>/dev/null || true

# --- self-check: every object is PIC, the filters work --------------------------------------------------------
step="checking the result (PIC shared link + filter smoke test)"
chk=$work/check
mkdir -p "$chk"
cat >"$chk/smoke.c" <<'EOF'
#include <hdf5.h>
#include <stdio.h>
__attribute__((visibility("default"))) int h5nwb_smoke(void) {
  hbool_t ts = 0; unsigned maj, min, rel, cfg = 0;
  H5get_libversion(&maj, &min, &rel);
  H5is_library_threadsafe(&ts);
  int d = H5Zfilter_avail(H5Z_FILTER_DEFLATE), s = H5Zfilter_avail(H5Z_FILTER_SZIP);
  if (s > 0) H5Zget_filter_info(H5Z_FILTER_SZIP, &cfg);
  fprintf(stderr, "h5nwb: build-hdf5:   HDF5 %u.%u.%u threadsafe=%d deflate=%d szip=%d szip-encoder=%d\n",
          maj, min, rel, (int)ts, d > 0, s > 0, (cfg & H5Z_FILTER_CONFIG_ENCODE_ENABLED) != 0);
  return ts && d > 0 && s > 0 && (cfg & H5Z_FILTER_CONFIG_ENCODE_ENABLED) ? 0 : 1;
}
EOF
printf 'int h5nwb_smoke(void);\nint main(void) { return h5nwb_smoke(); }\n' >"$chk/main.c"
# --whole-archive pulls in every object, -z text refuses text relocations, -z defs refuses undefined symbols.
run check cc -shared -fPIC -fvisibility=hidden -O1 -I"$stage/include" -o "$chk/libsmoke.so" "$chk/smoke.c" \
  -Wl,--whole-archive "$stage/lib/libhdf5.a" "$stage/lib/libsz.a" "$stage/lib/libaec.a" "$stage/lib/libz.a" \
  -Wl,--no-whole-archive -Wl,--exclude-libs,ALL -Wl,-z,defs -Wl,-z,text -lpthread -ldl -lm ||
  die "linking the static libraries into a shared object failed (not PIC?); see $current_log"
run check cc -o "$chk/smoke" "$chk/main.c" -L"$chk" -lsmoke -Wl,-rpath,"$chk"
"$chk/smoke" || die "the smoke test failed: the bundled HDF5 lacks thread safety, deflate or szip"

# --- record and publish --------------------------------------------------------------------------------------
step="publishing $prefix"
cc_version=$(cc --version | head -n1)
cat >"$stage/build-info.json" <<EOF
{
  "hdf5_version": "$HDF5_VERSION",
  "script_hash": "$script_hash",
  "hdf5_source": "Debian $DEBIAN_SUITE source package hdf5, orig tarball $HDF5_ORIG (no Debian patches)",
  "hdf5_source_sha256": "$HDF5_ORIG_SHA256",
  "zlib_version": "$ZLIB_VERSION",
  "zlib_source": "Debian $DEBIAN_SUITE source package zlib, orig tarball $ZLIB_ORIG, built with -fPIC",
  "zlib_source_sha256": "$ZLIB_ORIG_SHA256",
  "libaec_source": "Debian libaec-dev $libaec_deb (libsz.a, libaec.a as shipped)",
  "threadsafe": true,
  "filters": ["deflate", "szip"],
  "include": ["include"],
  "libs": ["lib/libhdf5.a", "lib/libsz.a", "lib/libaec.a", "lib/libz.a"],
  "system_libs": ["-lpthread", "-ldl", "-lm"],
  "ldflags": ["-Wl,--exclude-libs,ALL"],
  "compiler": "$cc_version",
  "built_at": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "build_seconds": $((SECONDS - t_start))
}
EOF
if [ -e "$prefix" ]; then   # incomplete leftovers (complete ones returned above): move aside, then replace
  log "replacing the incomplete $prefix"
  mv -T "$prefix" "$work/old-prefix"
fi
mv -T "$stage" "$prefix"
step="done"
rm -f "$cache_root/build-hdf5-failed.log"
log "HDF5 $HDF5_VERSION ready in $prefix ($((SECONDS - t_start)) s)"
printf '%s\n' "$prefix"
