"""Reference for src/bench/suites/imageCache.ts: decode and resize the same JPEG photos with
Pillow to the same size and fit as fluke's image cache (pad: scale to fit inside and letterbox
with black, centred; crop: scale to cover and cut the centre; Lanczos), in 2 processes like
fluke's 2 concurrent decodes, with JPEG draft mode (Pillow's shrink-on-load, what sharp does
too). Saves the pixels as .npy (N, H, W, 3) uint8 so fluke can compare them, then times
np.load of that file (the reference for reading cached pixels). Prints one JSON line with
Pillow's and numpy's versions."""
import argparse
import json
import time
from multiprocessing import Pool

import numpy as np
from PIL import Image, ImageOps

from reference_environment import describe


def load(job):
    path, height, width, fit = job
    with Image.open(path) as image:
        image.draft("RGB", (width, height))
        image = ImageOps.exif_transpose(image).convert("RGB")
        if fit == "crop":
            return np.asarray(ImageOps.fit(image, (width, height), Image.LANCZOS, centering=(0.5, 0.5)))
        scale = min(width / image.width, height / image.height)
        inner = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        canvas = Image.new("RGB", (width, height))
        canvas.paste(image.resize(inner, Image.LANCZOS), ((width - inner[0]) // 2, (height - inner[1]) // 2))
        return np.asarray(canvas)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--list", required=True, help="text file, one JPEG path a line")
    parser.add_argument("--height", type=int, required=True)
    parser.add_argument("--width", type=int, required=True)
    parser.add_argument("--fit", choices=["pad", "crop"], required=True)
    parser.add_argument("--out", required=True, help=".npy file for the pixels")
    args = parser.parse_args()
    with open(args.list) as listing:
        paths = [line.strip() for line in listing if line.strip()]
    jobs = [(path, args.height, args.width, args.fit) for path in paths]
    with Pool(2) as pool:
        pool.map(load, jobs[:2])  # start the workers before the clock
        started = time.perf_counter()
        pixels = np.stack(pool.map(load, jobs, chunksize=8))
        decode_seconds = time.perf_counter() - started
    np.save(args.out, pixels)
    started = time.perf_counter()
    loaded = np.load(args.out)
    load_seconds = time.perf_counter() - started
    assert loaded.shape == pixels.shape
    print(json.dumps({"images": len(paths), "decodeSeconds": decode_seconds, "loadSeconds": load_seconds, "environment": describe(["PIL", "numpy"])}))


if __name__ == "__main__":
    main()
