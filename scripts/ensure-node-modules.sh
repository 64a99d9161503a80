#!/usr/bin/env bash
# Runs `npm ci` unless node_modules already holds every locked package at its locked version
# (npm ci wipes node_modules and recompiles the natives, which takes minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
if node -e '
  const fs = require("fs");
  const locked = JSON.parse(fs.readFileSync("package-lock.json", "utf8")).packages;
  const installed = JSON.parse(fs.readFileSync("node_modules/.package-lock.json", "utf8")).packages;
  const stale = Object.entries(locked).filter(([path, entry]) => path && !entry.optional && installed[path]?.version !== entry.version);
  process.exit(stale.length ? 1 : 0);
' 2>/dev/null; then
  echo "setup: node_modules matches package-lock.json"
else
  npm ci --no-audit --no-fund
fi
