#!/usr/bin/env bash
# One-time set-up used by `npm test` and `npm run main`: the Debian simulators (when missing and root)
# and the npm packages (when node_modules is missing or older than the lock file).
set -u
cd "$(dirname "$0")/.."
bash scripts/ensure-tools.sh || exit 1
# The lock file's content, not its time stamp, decides: a fresh checkout or a git worktree has a new
# time stamp on an unchanged lock file, and npm ci would wipe a node_modules it shares.
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -d node_modules ] || [ "$(cat node_modules/.ttforge-lock-sha256 2>/dev/null)" != "$lock_sum" ]; then
  echo "ttforge: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund >/dev/null || { echo "ttforge: npm ci failed" >&2; exit 1; }
  echo "$lock_sum" > node_modules/.ttforge-lock-sha256
fi
