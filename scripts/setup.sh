#!/usr/bin/env bash
# One-time set-up of a fresh machine (CI runs it before `npm test`); idempotent, so running it
# again installs only what is missing:
#  - Debian packages: Chromium (the end-to-end tests' browser), libkrb5-dev and ripgrep
#    (code-server's install), Python with numpy/torch/scikit-learn/faiss/PIL (bench references;
#    scikit-learn is also used by a unit test) and the Fashion-MNIST dataset; slurm-wlm and
#    munge (the Slurm tests start a one-node cluster on localhost, see test/slurm/);
#  - the project's npm dependencies (npm ci, skipped when node_modules matches the lock file);
#  - the native TensorFlow backend for this user (`fluke setup tensorflow`: the TensorFlow wheel
#    fetched with pip, tfjs-node built against it, about a minute; a second run only checks it),
#    so the tests train on it; it needs g++, make and pip (Debian packages below);
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
  g++
  make
  python3-pip
  slurm-wlm
  munge
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

bash scripts/ensure-node-modules.sh

npm run build --silent
node dist/cli.js setup tensorflow

bash scripts/install-code-server.sh
