"""Reference for src/bench/suites/retrieval.ts: exact kNN recall@K (all items query all
others, self excluded; the search and the recall both timed, as on fluke's side) with faiss
IndexFlatL2 and with blocked numpy, and k-means (k-means++ for scikit-learn, faiss's own init;
fixed iteration count; faiss on every point, its default subsampling to 256 points per
centroid turned off) with faiss and scikit-learn, on the same .npy files fluke wrote, every
thread pool pinned to --threads. Writes faiss's neighbours next to the input so fluke can
check it found the same ones. Prints one JSON line."""
import argparse
import json
import os
import time

import numpy as np

from reference_environment import describe, limit_threads


def recall_at(neighbours, labels, ks):
    hits = labels[neighbours] == labels[:, None]
    return {str(k): float(np.mean(hits[:, :k].any(axis=1))) for k in ks}


def drop_self(found, depth):
    """Removes each row's own index (wherever ties put it) and keeps `depth` columns."""
    is_self = found == np.arange(found.shape[0])[:, None]
    # Rows where self was not found lose their last column instead.
    is_self[~is_self.any(axis=1), -1] = True
    return found[~is_self].reshape(found.shape[0], depth)


def faiss_knn(x, depth):
    import faiss

    index = faiss.IndexFlatL2(x.shape[1])
    index.add(x)
    _, found = index.search(x, depth + 1)
    return drop_self(found, depth)


def with_recall(search, x, labels, ks):
    found = search(x, max(ks))
    return found, recall_at(found, labels, ks)


def numpy_knn(x, depth, block=2048):
    norms = (x.astype(np.float32) ** 2).sum(axis=1)
    out = np.empty((x.shape[0], depth), dtype=np.int64)
    for start in range(0, x.shape[0], block):
        q = x[start:start + block]
        d = norms[None, :] - 2.0 * (q @ x.T)
        d[np.arange(q.shape[0]), np.arange(start, start + q.shape[0])] = np.inf
        part = np.argpartition(d, depth, axis=1)[:, :depth]
        order = np.take_along_axis(d, part, axis=1).argsort(axis=1, kind="stable")
        out[start:start + q.shape[0]] = np.take_along_axis(part, order, axis=1)
    return out


def timed(function, *args):
    """Result, wall seconds and CPU seconds (all threads of the process)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    return result, time.perf_counter() - start, time.process_time() - cpu


def inertia_of(x, centroids):
    import faiss

    index = faiss.IndexFlatL2(x.shape[1])
    index.add(np.ascontiguousarray(centroids, dtype=np.float32))
    distances, _ = index.search(x, 1)
    return float(distances.sum())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--embeddings", required=True)
    parser.add_argument("--labels", required=True)
    parser.add_argument("--ks", default="1,2,4,8")
    parser.add_argument("--numpy", action="store_true")
    parser.add_argument("--kmeans-k", default="")
    parser.add_argument("--iterations", type=int, default=20)
    parser.add_argument("--threads", type=int, required=True)
    args = parser.parse_args()
    limiter = limit_threads(args.threads)
    x = np.ascontiguousarray(np.load(args.embeddings), dtype=np.float32)
    labels = np.load(args.labels)
    ks = [int(k) for k in args.ks.split(",")]
    depth = max(ks)
    import faiss

    result = {"environment": describe(["numpy", "faiss", "sklearn"]), "threads": args.threads}
    (found, recall), seconds, cpu = timed(with_recall, faiss_knn, x, labels, ks)
    neighbours_path = os.path.join(os.path.dirname(args.embeddings), "faiss_neighbours.npy")
    np.save(neighbours_path, found.astype(np.int32))
    result["faiss"] = {"seconds": seconds, "cpuSeconds": cpu, "recall": recall, "neighbours": neighbours_path}
    if args.numpy:
        (found, recall), seconds, cpu = timed(with_recall, numpy_knn, x, labels, ks)
        result["numpy"] = {"seconds": seconds, "cpuSeconds": cpu, "recall": recall}
    result["kmeans"] = []
    for k in [int(k) for k in args.kmeans_k.split(",") if k]:
        from sklearn.cluster import KMeans

        kmeans = faiss.Kmeans(x.shape[1], k, niter=args.iterations, seed=1, verbose=False, max_points_per_centroid=x.shape[0])
        _, faiss_seconds, faiss_cpu = timed(kmeans.train, x)
        model = KMeans(n_clusters=k, init="k-means++", n_init=1, max_iter=args.iterations, tol=0, algorithm="lloyd", random_state=0)
        _, sklearn_seconds, sklearn_cpu = timed(model.fit, x)
        result["kmeans"].append({
            "k": k,
            "faissSeconds": faiss_seconds,
            "faissCpuSeconds": faiss_cpu,
            "faissInertia": inertia_of(x, kmeans.centroids),
            "sklearnSeconds": sklearn_seconds,
            "sklearnCpuSeconds": sklearn_cpu,
            "sklearnInertia": inertia_of(x, model.cluster_centers_),
        })
    limiter.restore_original_limits()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
