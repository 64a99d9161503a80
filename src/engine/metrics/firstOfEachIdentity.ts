/**
 * Positions (into a ranking nearest first) of the first neighbour of each distinct identity, up
 * to `count` identities. MAP@5 at any new_whale threshold depends only on these: a later
 * neighbour of an identity already ranked adds nothing, and the threshold falls before the
 * same distinct identity in the full ranking as in this one. A negative identity marks the end
 * of the ranking (the gallery ran out).
 */
export function firstOfEachIdentity(identities: ArrayLike<number>, count: number): number[] {
  const seen = new Set<number>();
  const positions: number[] = [];
  for (let position = 0; position < identities.length && positions.length < count; position++) {
    const identity = identities[position]!;
    if (identity < 0) break;
    if (seen.has(identity)) continue;
    seen.add(identity);
    positions.push(position);
  }
  return positions;
}
