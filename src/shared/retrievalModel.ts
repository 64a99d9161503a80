/**
 * What the Retrieval Preview shows for a list of stored retrieval results: one row per query,
 * filtered and sorted, runs A and B side by side, and MAP@5 under a new_whale threshold. Pure
 * and free of Node: the webview imports it to recompute as the user types or drags.
 */
import type { RetrievalFilter, RetrievalSort } from '../protocol/retrievalContract';
import type { RetrievalResult } from '../protocol/records';
import { mapAt5, topFiveIdentities, type MapAt5Query } from './mapAt5';

export interface QueryRow {
  queryImageId: number;
  identity: string;
  isNewWhale: boolean;
  /** 1-based rank of the first neighbour of the same identity in run A; null = none in the top k. */
  firstCorrectRank: number | null;
  /** The same in run B, when a run B is shown and answered this query; undefined otherwise. */
  firstCorrectRankB?: number | null;
}

/**
 * Rank of the first neighbour with the query's identity. A new_whale query has no such
 * neighbour by definition (two photos labelled new_whale are not the same whale).
 */
export function firstCorrectRank(result: RetrievalResult, newWhaleLabel: string): number | null {
  if (result.queryIdentity === newWhaleLabel) return null;
  const index = result.neighbours.findIndex((neighbour) => neighbour.identity === result.queryIdentity);
  return index < 0 ? null : index + 1;
}

export function buildQueryRows(
  a: readonly RetrievalResult[],
  b: readonly RetrievalResult[] | null,
  newWhaleLabel: string,
): QueryRow[] {
  const byQueryB = new Map((b ?? []).map((result) => [result.queryImageId, result]));
  return a.map((result) => {
    const row: QueryRow = {
      queryImageId: result.queryImageId,
      identity: result.queryIdentity,
      isNewWhale: result.queryIdentity === newWhaleLabel,
      firstCorrectRank: firstCorrectRank(result, newWhaleLabel),
    };
    const other = byQueryB.get(result.queryImageId);
    if (other) row.firstCorrectRankB = firstCorrectRank(other, newWhaleLabel);
    return row;
  });
}

/** Top-1 correct; a query is a failure when its nearest neighbour is another identity. */
const correctAtOne = (rank: number | null | undefined): boolean => rank === 1;

export interface QueryFilterOptions {
  filter: RetrievalFilter;
  /** Case-insensitive substring of the query's identity; empty = any. */
  identitySearch: string;
}

export function filterQueryRows(rows: readonly QueryRow[], options: QueryFilterOptions): QueryRow[] {
  const search = options.identitySearch.trim().toLowerCase();
  return rows.filter((row) => {
    if (search && !row.identity.toLowerCase().includes(search)) return false;
    switch (options.filter) {
      case 'all':
        return true;
      case 'failures':
        return !correctAtOne(row.firstCorrectRank);
      case 'newWhale':
        return row.isNewWhale;
      case 'fixedByB':
        return row.firstCorrectRankB !== undefined && !correctAtOne(row.firstCorrectRank) && correctAtOne(row.firstCorrectRankB);
      case 'brokenByB':
        return row.firstCorrectRankB !== undefined && correctAtOne(row.firstCorrectRank) && !correctAtOne(row.firstCorrectRankB);
    }
  });
}

/** Rank for sorting: no correct match in the top k is worse than any rank. */
const sortRank = (rank: number | null): number => rank ?? Number.POSITIVE_INFINITY;

export function sortQueryRows(rows: readonly QueryRow[], sort: RetrievalSort): QueryRow[] {
  const sorted = rows.slice();
  const byId = (x: QueryRow, y: QueryRow) => x.queryImageId - y.queryImageId;
  switch (sort) {
    case 'failuresFirst':
      return sorted.sort((x, y) => sortRank(y.firstCorrectRank) - sortRank(x.firstCorrectRank) || byId(x, y));
    case 'bestFirst':
      return sorted.sort((x, y) => sortRank(x.firstCorrectRank) - sortRank(y.firstCorrectRank) || byId(x, y));
    case 'identity':
      return sorted.sort((x, y) => x.identity.localeCompare(y.identity) || byId(x, y));
    case 'queryId':
      return sorted.sort(byId);
  }
}

/**
 * MAP@5's view of one query: the nearest neighbour of each of its nearest identities, as the
 * trainer stored them (so MAP@5 here equals the trainer's at every threshold); a result stored
 * before those were kept falls back to its top-k neighbours.
 */
export function asMapAt5Query(result: RetrievalResult): MapAt5Query<string> {
  const ranked = result.nearestIdentities ?? result.neighbours;
  return {
    identity: result.queryIdentity,
    neighbourIdentities: ranked.map((neighbour) => neighbour.identity),
    neighbourDistances: ranked.map((neighbour) => neighbour.distance),
  };
}

/** The top 5 distinct identities of one query with new_whale inserted at the threshold. */
export function topFiveForQuery(result: RetrievalResult, newWhaleLabel: string, threshold: number | null): string[] {
  return topFiveIdentities(asMapAt5Query(result), { newWhale: newWhaleLabel, threshold });
}

/**
 * MAP@5 over all queries for a new_whale threshold (the engine's own MAP@5). Takes the
 * queries already converted with asMapAt5Query, so a slider can recompute it at every step.
 */
export function map5AtThreshold(queries: Array<MapAt5Query<string>>, newWhaleLabel: string, threshold: number | null): number {
  return mapAt5(queries, { newWhale: newWhaleLabel, threshold });
}

/** Slider bounds: from 0 to just past the farthest stored neighbour distance, in 1000 steps. */
export function thresholdRange(results: readonly RetrievalResult[]): { min: number; max: number; step: number } {
  let max = 0;
  for (const result of results) for (const neighbour of result.neighbours) if (neighbour.distance > max) max = neighbour.distance;
  const top = max > 0 ? max * 1.05 : 1;
  return { min: 0, max: top, step: top / 1000 };
}

/** Every value the threshold slider can take over this range. */
export function sliderThresholds(range: { min: number; max: number; step: number }): number[] {
  const count = Math.round((range.max - range.min) / range.step);
  return Array.from({ length: count + 1 }, (_, index) => range.min + index * range.step);
}
