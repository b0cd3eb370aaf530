#!/usr/bin/env bash
# One-time set-up used by `npm test` and `npm run main`: the Debian simulators (when missing and root)
# and the npm packages (when node_modules is missing or older than the lock file).
set -u
cd "$(dirname "$0")/.."
bash scripts/ensure-tools.sh || exit 1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "ttforge: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund >/dev/null || { echo "ttforge: npm ci failed" >&2; exit 1; }
fi
