#!/usr/bin/env bash
# One-time set-up of a fresh machine (CI runs it before `npm test`); idempotent, so running it
# again installs only what is missing:
#  - Debian packages: Chromium (the end-to-end tests' browser), libkrb5-dev and ripgrep
#    (code-server's install), Python with numpy/torch/scikit-learn/faiss/PIL (bench references;
#    scikit-learn is also used by a unit test) and the Fashion-MNIST dataset;
#  - the project's npm dependencies (npm ci, skipped when node_modules matches the lock file);
#  - code-server for the end-to-end tests (scripts/install-code-server.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

packages=(
  chromium
  libkrb5-dev
  ripgrep
  python3-numpy
  python3-torch
  python3-sklearn
  python3-faiss
  python3-pil
  dataset-fashion-mnist
)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm ci wipes node_modules and rebuilds the natives (minutes); skip it when every package the
# lock file requires is installed at its locked version (optional ones may be absent).
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

bash scripts/install-code-server.sh
