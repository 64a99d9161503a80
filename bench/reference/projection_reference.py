"""Reference for src/bench/suites/projection.ts: scikit-learn's PCA (full SVD) and, where it
is installed, umap-learn's UMAP, to two dimensions, on the same .npy embeddings fluke wrote.
One BLAS thread, as fluke's projection runs on one. Writes the PCA layout next to the input
so fluke can check both found the same axes. Prints one JSON line."""
import argparse
import json
import os
import time

for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ[name] = "1"

import numpy as np  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--embeddings", required=True)
    parser.add_argument("--method", choices=["pca", "umap"], required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    x = np.load(args.embeddings)
    if args.method == "pca":
        from sklearn import __version__ as version
        from sklearn.decomposition import PCA

        started = time.perf_counter()
        xy = PCA(n_components=2, svd_solver="full").fit_transform(x)
        seconds = time.perf_counter() - started
        np.save(os.path.join(os.path.dirname(args.embeddings), "reference_xy.npy"), np.ascontiguousarray(xy, dtype=np.float32))
        print(json.dumps({"seconds": seconds, "library": f"scikit-learn {version} PCA"}))
        return
    import umap

    started = time.perf_counter()
    umap.UMAP(n_components=2, n_neighbors=15, min_dist=0.1, random_state=args.seed).fit_transform(x)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "library": f"umap-learn {umap.__version__}"}))


main()
