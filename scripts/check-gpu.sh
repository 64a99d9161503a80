#!/usr/bin/env bash
# The one-command check of the GPU path, for a Linux x64 machine with an NVIDIA GPU (driver
# for CUDA 12), Node 20+, npm, g++, make and python3 with pip that can reach the CUDA 12
# `tensorflow` wheel and NVIDIA's CUDA 12 runtime wheels. NOT RUN YET: no such machine was at
# hand (the one lent to the project has no Node and its pip index has only CUDA 13 wheels).
#   bash scripts/check-gpu.sh        (from the repository, after npm ci)
# It installs the GPU build (fluke setup tensorflow --gpu), checks that `fluke doctor` sees
# tensorflow-gpu, trains a small divide-and-conquer run on it through `fluke train` and prints
# the training bench rows for it. Exit 0 only if all of that worked.
set -euo pipefail
cd "$(dirname "$0")/.."
nvidia-smi -L || { echo "check-gpu: nvidia-smi finds no GPU" >&2; exit 1; }
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' || { echo "check-gpu: Node 20 or newer needed" >&2; exit 1; }
npm run build --silent
node dist/cli.js setup tensorflow --gpu
# A `fluke train` started from a shell needs the CUDA runtime folders the install lists (Fluke's
# own spawners add them).
gpu_home="$(node -e 'const h=process.env.FLUKE_TENSORFLOW_HOME||require("path").join(process.env.XDG_CACHE_HOME||require("os").homedir()+"/.cache","fluke","tensorflow-2.21.0");console.log(h+"/gpu")')"
LD_LIBRARY_PATH="$(node -e 'const m=require(process.argv[1]+"/install.json");console.log(m.libraryPath.map(f=>process.argv[1]+"/"+f).join(":"))' "$gpu_home")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export LD_LIBRARY_PATH
node dist/cli.js doctor --json | node -e '
  const report = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const gpu = report.backends.find((b) => b.name === "tensorflow-gpu");
  console.log("tensorflow-gpu:", gpu.available ? "loads" : "does not load", "-", gpu.detail);
  process.exit(gpu.available ? 0 : 1);'
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
node dist/cli.js data generate --out "$work/flukes" --identities 24 --photos 6 --seed 3
cat > "$work/gpu.experiment.json" <<JSON
{ "name": "gpu-check", "data": { "path": "flukes", "imageHeight": 32, "imageWidth": 64, "channels": 1 },
  "model": { "width": 8, "blocksPerStage": [1, 1, 1], "embeddingSize": 64 },
  "method": { "clusters": 2, "reclusterEvery": 1 }, "epochs": 3,
  "evaluation": { "every": 1 }, "runtime": { "backend": "tensorflow-gpu", "seed": 5 } }
JSON
node dist/cli.js train "$work/gpu.experiment.json" --db "$work/fluke.db" | grep -E '"type":"(epoch|run-ended)"'
node dist/cli.js show 1 --db "$work/fluke.db" | head -20
npm run build --silent && node dist/bench.js --only=training
echo "check-gpu: the GPU path works on this machine"
