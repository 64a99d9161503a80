/**
 * Exponential moving average as TensorBoard draws it: each point is weight * previous +
 * (1 - weight) * value, divided by (1 - weight^n) so the first points are not pulled
 * towards zero (debiased). Non-finite values pass through and do not disturb the average.
 */
export function emaSmoothing(values: readonly number[], weight: number): number[] {
  if (!(weight > 0)) return values.slice();
  const w = Math.min(weight, 0.999);
  let accumulated = 0;
  let count = 0;
  return values.map((value) => {
    if (!Number.isFinite(value)) return value;
    accumulated = accumulated * w + (1 - w) * value;
    count += 1;
    return accumulated / (1 - w ** count);
  });
}
