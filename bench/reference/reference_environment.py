"""Shared by the bench's reference scripts: pins every thread pool the reference uses (OpenBLAS,
OpenMP: numpy, scikit-learn, faiss) to the count fluke uses on its side, and describes the
reference as it reports itself (versions, BLAS library, its core type and threads), so a row's
label never comes from a literal."""
import os
import platform


def limit_threads(threads):
    """Every BLAS and OpenMP pool of this process to `threads`; returns threadpoolctl's limiter."""
    from threadpoolctl import threadpool_limits

    try:
        import faiss

        faiss.omp_set_num_threads(threads)
    except ImportError:
        pass
    return threadpool_limits(limits=threads)


def describe(modules):
    """Versions of the named modules, Python's, and the BLAS configuration as loaded now."""
    from threadpoolctl import threadpool_info

    versions = {"python": platform.python_version()}
    for name in modules:
        module = __import__(name)
        versions[name] = getattr(module, "__version__", None) or getattr(module, "sqlite_version", "unknown")
    blas = [
        {key: pool.get(key) for key in ("internal_api", "version", "architecture", "threading_layer", "num_threads")}
        for pool in threadpool_info()
    ]
    return {"versions": versions, "blas": blas, "openblasCoretype": os.environ.get("OPENBLAS_CORETYPE")}
