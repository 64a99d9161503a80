#!/usr/bin/env bash
# Prepares the PyTorch 2.x reference of the training bench: a virtual environment (never the
# system Python) with the CPU torch wheel from this machine's pip index. Idempotent.
#   FLUKE_TORCH_VENV   where (default ${XDG_CACHE_HOME:-~/.cache}/fluke/bench/torch-venv)
#   FLUKE_TORCH_SPEC   what to install (default torch==2.13.0+cpu; any torch 2.x)
set -euo pipefail
venv="${FLUKE_TORCH_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/fluke/bench/torch-venv}"
spec="${FLUKE_TORCH_SPEC:-torch==2.13.0+cpu}"
python="${FLUKE_PYTHON:-python3}"
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import torch, sys; sys.exit(0 if torch.__version__.startswith("2.") else 1)' 2>/dev/null; then
  echo "prepare-torch-reference: $venv already has torch $("$venv/bin/python" -c 'import torch; print(torch.__version__)')"
  exit 0
fi
command -v "$python" >/dev/null || { echo "prepare-torch-reference: $python not found (set FLUKE_PYTHON)" >&2; exit 1; }
rm -rf "$venv.partial"
trap 'rm -rf "$venv.partial"' EXIT
echo "prepare-torch-reference: creating $venv with $spec"
"$python" -m venv "$venv.partial"
"$venv.partial/bin/python" -m pip install --quiet --retries 0 --only-binary=:all: "$spec" numpy
rm -rf "$venv"
mv "$venv.partial" "$venv"
echo "prepare-torch-reference: torch $("$venv/bin/python" -c 'import torch; print(torch.__version__)') in $venv"
