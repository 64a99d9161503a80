/** What a Python reference reports about itself (bench/reference/reference_environment.py). */
export interface ReferenceEnvironment {
  versions: Record<string, string>;
  blas: Array<{ internal_api: string; version: string | null; architecture: string | null; threading_layer: string | null; num_threads: number }>;
  openblasCoretype: string | null;
}

/** "faiss 1.7.3", from the version the reference printed. */
export function referenceName(environment: ReferenceEnvironment, module: string, displayName = module): string {
  return `${displayName} ${environment.versions[module] ?? '(version unknown)'}`;
}

/** The BLAS and OpenMP pools as loaded, e.g. "openblas 0.3.21 Haswell 2 threads, OPENBLAS_CORETYPE=Haswell". */
export function blasNote(environment: ReferenceEnvironment): string {
  const pools = environment.blas.map((pool) => [pool.internal_api, pool.version, pool.architecture, `${pool.num_threads} threads`].filter(Boolean).join(' '));
  return `${pools.join('; ') || 'no BLAS loaded'}, OPENBLAS_CORETYPE=${environment.openblasCoretype ?? 'unset'}`;
}
