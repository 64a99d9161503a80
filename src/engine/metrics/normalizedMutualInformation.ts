/**
 * Normalised mutual information between two labelings, natural logs, normalised by the
 * arithmetic mean of the two entropies (scikit-learn >= 0.22's default). Two single-cluster
 * labelings score 1, as in scikit-learn.
 */
export function normalizedMutualInformation(first: Int32Array, second: Int32Array): number {
  if (first.length !== second.length) throw new Error(`normalizedMutualInformation: labelings of ${first.length} and ${second.length} items`);
  const n = first.length;
  if (n === 0) return 1;
  const firstCounts = new Map<number, number>();
  const secondCounts = new Map<number, number>();
  const jointCounts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    firstCounts.set(first[i]!, (firstCounts.get(first[i]!) ?? 0) + 1);
    secondCounts.set(second[i]!, (secondCounts.get(second[i]!) ?? 0) + 1);
    const key = `${first[i]},${second[i]}`;
    jointCounts.set(key, (jointCounts.get(key) ?? 0) + 1);
  }
  if (firstCounts.size === secondCounts.size && (firstCounts.size === 1 || firstCounts.size === n)) return 1;
  const entropy = (counts: Map<number, number>): number => {
    let h = 0;
    for (const count of counts.values()) h -= (count / n) * Math.log(count / n);
    return h;
  };
  let mutualInformation = 0;
  for (const [key, count] of jointCounts) {
    const [a, b] = key.split(',').map(Number) as [number, number];
    mutualInformation += (count / n) * Math.log((count * n) / (firstCounts.get(a)! * secondCounts.get(b)!));
  }
  const normaliser = (entropy(firstCounts) + entropy(secondCounts)) / 2;
  return Math.max(0, mutualInformation) / Math.max(normaliser, Number.EPSILON);
}
