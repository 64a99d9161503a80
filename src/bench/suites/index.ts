import type { BenchSuite } from '../benchRow';
import { retrievalSuite } from './retrieval';
import { trainingSuite } from './training';

/** Bench suites by group, run in this order. Each lives in its own file in this folder. */
export const benchSuites: Record<string, BenchSuite> = {
  training: trainingSuite,
  retrieval: retrievalSuite,
  imageCache: async (context) => (await import('./imageCache')).imageCacheSuite(context),
  projection: async (context) => (await import('./projection')).projectionSuite(context),
  store: async (context) => (await import('./store')).storeSuite(context),
  extension: async (context) => (await import('./extension')).extensionSuite(context),
};
