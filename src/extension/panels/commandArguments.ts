/**
 * Run ids from a command's arguments: VS Code passes the clicked tree item and, with
 * several selected, the selection. Items carry `runId`; anything else is ignored.
 */
export function runIdsFromArguments(item?: unknown, selectedItems?: unknown): number[] {
  const runIdOf = (value: unknown): number | null => {
    if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : null;
    if (value === null || typeof value !== 'object') return null;
    const runId = (value as { runId?: unknown }).runId;
    return typeof runId === 'number' && Number.isSafeInteger(runId) && runId > 0 ? runId : null;
  };
  const candidates = Array.isArray(selectedItems) && selectedItems.length > 0 ? selectedItems : [item];
  const ids = candidates.map(runIdOf).filter((id): id is number => id !== null);
  const clicked = runIdOf(item);
  // The clicked item first: it is the run the user acted on (run A, the first colour).
  const ordered = clicked !== null && ids.includes(clicked) ? [clicked, ...ids.filter((id) => id !== clicked)] : ids;
  return [...new Set(ordered)];
}
