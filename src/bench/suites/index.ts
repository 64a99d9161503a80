import type { BenchSuite } from '../benchRow';

/** Bench suites by group, run in this order. Each lives in its own file in this folder. */
export const benchSuites: Record<string, BenchSuite> = {};
