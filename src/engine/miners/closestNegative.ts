/**
 * The anchor's closest negative (another label) at distance >= `minDistance`, in a B x B
 * distance matrix; ties go to the lower index; -1 when there is none.
 */
export function closestNegative(distances: Float32Array, labels: Int32Array, size: number, anchor: number, minDistance = -Infinity): number {
  let closest = -1;
  for (let j = 0; j < size; j++) {
    const distance = distances[anchor * size + j]!;
    if (labels[j] !== labels[anchor] && distance >= minDistance && (closest < 0 || distance < distances[anchor * size + closest]!)) closest = j;
  }
  return closest;
}
