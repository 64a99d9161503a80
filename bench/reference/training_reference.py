"""Training and embedding throughput of the bench CNN in PyTorch (the reference for
src/bench/suites/training.ts): batch 64, 64x64x3, four blocks of conv3x3 (no bias), batch
norm, ReLU, 2x2 max pool with 32-64-128-256 channels, global average pooling, a dense
layer to 128 dims, mean squared error to fixed targets, Adam. Prints one JSON line."""
import argparse
import json
import os
import re
import time

import torch
import torch.nn as nn


def block(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(2),
    )


def build_config():
    """The BLAS and oneDNN (mkldnn) this torch was built with: they decide its CPU speed."""
    shown = torch.__config__.show()
    blas = re.search(r"BLAS_INFO=(\w+)", shown)
    return "BLAS {}, oneDNN {}, OPENBLAS_CORETYPE {}".format(
        blas.group(1) if blas else "unknown",
        "on" if torch.backends.mkldnn.is_available() else "off",
        os.environ.get("OPENBLAS_CORETYPE", "unset"),
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--train-steps", type=int, default=5)
    parser.add_argument("--embed-steps", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    channels = [3, 32, 64, 128, 256]
    backbone = nn.Sequential(*[block(channels[i], channels[i + 1]) for i in range(4)])
    head = nn.Linear(256, 128)
    model = nn.Sequential(backbone, nn.AdaptiveAvgPool2d(1), nn.Flatten(), head)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.randn(args.batch, 3, args.size, args.size)
    target = torch.randn(args.batch, 128)

    def train_step():
        optimizer.zero_grad()
        loss = ((model(x) - target) ** 2).mean()
        loss.backward()
        optimizer.step()
        return loss.item()

    model.train()
    for _ in range(args.warmup):
        train_step()
    start, cpu_start = time.perf_counter(), time.process_time()
    for _ in range(args.train_steps):
        train_step()
    train_seconds = time.perf_counter() - start
    train_cpu_seconds = time.process_time() - cpu_start

    model.eval()
    with torch.no_grad():
        for _ in range(args.warmup):
            model(x)
        start, cpu_start = time.perf_counter(), time.process_time()
        for _ in range(args.embed_steps):
            model(x).sum().item()
        embed_seconds = time.perf_counter() - start
        embed_cpu_seconds = time.process_time() - cpu_start

    print(json.dumps({
        "trainImagesPerSecond": args.batch * args.train_steps / train_seconds,
        "embedImagesPerSecond": args.batch * args.embed_steps / embed_seconds,
        # CPU time of all threads: less skewed than wall time when other processes load the machine.
        "trainCpuMsPerImage": 1000 * train_cpu_seconds / (args.batch * args.train_steps),
        "embedCpuMsPerImage": 1000 * embed_cpu_seconds / (args.batch * args.embed_steps),
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "config": build_config(),
    }))


if __name__ == "__main__":
    main()
