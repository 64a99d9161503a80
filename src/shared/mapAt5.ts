/*
 * Free of tfjs and Node imports: the Retrieval Preview's webview bundle imports it to recompute
 * MAP@5 for any new_whale threshold from stored neighbours.
 */

/** One query: its true identity and its neighbours' identities and distances, nearest first. */
export interface MapAt5Query<Identity> {
  identity: Identity;
  neighbourIdentities: ArrayLike<Identity>;
  neighbourDistances: ArrayLike<number>;
}

export interface MapAt5Options<Identity> {
  /** The identity of never-identified photos ("new_whale"); null when the data has none. */
  newWhale: Identity | null;
  /** Distance at which new_whale is inserted into each ranking; null = never inserted. */
  threshold: number | null;
}

/**
 * The top 5 distinct identities for one query, by nearest distance. With a threshold t,
 * new_whale is inserted at distance t: it ranks after the neighbours at distance <= t
 * (unless a nearer neighbour already named it).
 */
export function topFiveIdentities<Identity>(query: MapAt5Query<Identity>, options: MapAt5Options<Identity>): Identity[] {
  const ranked: Identity[] = [];
  let newWhaleInserted = options.newWhale === null || options.threshold === null;
  const add = (identity: Identity): void => {
    if (ranked.length < 5 && !ranked.includes(identity)) ranked.push(identity);
  };
  for (let r = 0; r < query.neighbourIdentities.length && ranked.length < 5; r++) {
    if (!newWhaleInserted && query.neighbourDistances[r]! > options.threshold!) {
      add(options.newWhale as Identity);
      newWhaleInserted = true;
    }
    add(query.neighbourIdentities[r]!);
  }
  if (!newWhaleInserted) add(options.newWhale as Identity);
  return ranked;
}

/**
 * MAP@5 of the whale competitions: per query 1/rank of its true identity among its top 5
 * distinct identities (0 if absent), averaged over all queries. A query of identity new_whale
 * is correct where new_whale is ranked.
 */
export function mapAt5<Identity>(queries: Array<MapAt5Query<Identity>>, options: MapAt5Options<Identity>): number {
  if (queries.length === 0) return 0;
  let sum = 0;
  for (const query of queries) {
    const rank = topFiveIdentities(query, options).indexOf(query.identity);
    if (rank >= 0) sum += 1 / (rank + 1);
  }
  return sum / queries.length;
}

/** Candidate thresholds tried at most: quantiles of the distances when there are more. */
const maxThresholdCandidates = 256;

/** Only the distances of the queries' neighbours can change a ranking: those (at most 256, by quantile) and 0, new_whale first. */
function neighbourDistanceThresholds<Identity>(queries: Array<MapAt5Query<Identity>>): number[] {
  const distances = [...new Set(queries.flatMap((query) => Array.from(query.neighbourDistances).slice(0, query.neighbourIdentities.length)))].sort((a, b) => a - b);
  const step = Math.max(1, Math.ceil(distances.length / maxThresholdCandidates));
  return [0, ...distances.filter((_, index) => index % step === 0 || index === distances.length - 1)];
}

/**
 * The new_whale threshold that maximises MAP@5 on these queries (the smallest on ties), and the
 * MAP@5 it gives; candidates default to the neighbours' distances, where the search is exact,
 * or are the values a slider can take. Chosen on the evaluated queries themselves, so the value
 * is an upper bound of what a threshold chosen beforehand would score. Null when there is no new_whale.
 */
export function bestMapAt5Threshold<Identity>(
  queries: Array<MapAt5Query<Identity>>,
  newWhale: Identity | null,
  candidates: readonly number[] = neighbourDistanceThresholds(queries),
): { threshold: number; value: number } | null {
  if (newWhale === null || queries.length === 0 || candidates.length === 0) return null;
  let best = { threshold: candidates[0]!, value: -1 };
  for (const threshold of candidates) {
    const value = mapAt5(queries, { newWhale, threshold });
    if (value > best.value) best = { threshold, value };
  }
  return best;
}
