#!/usr/bin/env bash
# Install the Debian simulators when they are missing and we are root; otherwise say what to install.
set -u
missing=()
command -v iverilog >/dev/null 2>&1 || missing+=(iverilog)
command -v verilator >/dev/null 2>&1 || missing+=(verilator)
command -v yosys >/dev/null 2>&1 || missing+=(yosys)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ttforge: installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null || {
    echo "ttforge: apt-get install ${missing[*]} failed" >&2; exit 1; }
else
  echo "ttforge: missing ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}" >&2
  echo "ttforge: tests that need them will be skipped with a notice." >&2
fi
exit 0
