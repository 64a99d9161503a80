/** Medians and spreads of bench rounds (ours and the reference alternate, so load hits both alike). */

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function format(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 1 ? value.toFixed(2) : value.toPrecision(3);
}

/** "median of 3 rounds (ours 0.12-0.15, reference 0.20-0.31)": what a row's note says about its rounds. */
export function roundsNote(ours: readonly number[], reference: readonly number[]): string {
  const range = (values: readonly number[]) => (values.length > 1 ? `${format(Math.min(...values))}-${format(Math.max(...values))}` : format(values[0]!));
  const spread = reference.length ? `ours ${range(ours)}, reference ${range(reference)}` : `ours ${range(ours)}`;
  return `median of ${ours.length} alternating round${ours.length === 1 ? '' : 's'} (${spread})`;
}
