#!/usr/bin/env bash
# One-time set-up of a fresh machine: Debian packages the tests and benchmarks use, then npm ci.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
packages=(dataset-fashion-mnist)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
npm ci --no-audit --no-fund
