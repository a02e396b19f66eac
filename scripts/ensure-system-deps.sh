#!/usr/bin/env bash
# Installs the Debian packages that building from source and the interop tests need:
#   libhdf5-dev (headers + library for a system-linked build), python3-h5py (the reference reader),
#   python3-hdmf (HDMF's validator, the cross-check of validate(): scripts/nwb-validate.py),
#   hdf5-tools (h5dump), zlib1g-dev and libaec-dev (for the bundled HDF5 build), cmake and ninja-build,
#   gcc and make (scripts/build-hdf5.sh builds zlib with make), dpkg-dev (apt-get source), pkg-config
#   (scripts/hdf5-config.js with H5NWB_HDF5=system).
# Installs only what is missing, only when running as root; otherwise names what is missing and fails.
set -euo pipefail
want=(libhdf5-dev python3-h5py python3-hdmf hdf5-tools zlib1g-dev libaec-dev cmake ninja-build dpkg-dev gcc make pkg-config)
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "h5nwb: these Debian packages are needed and missing: ${missing[*]}" >&2
  echo "h5nwb: install them (apt-get install ${missing[*]}) or run this script as root." >&2
  exit 1
fi
echo "h5nwb: installing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
