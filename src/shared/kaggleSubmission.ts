/*
 * Free of tfjs and Node imports: `fluke predict` writes the submission with it, and the
 * Retrieval Preview's webview exports identified photos with it.
 */

/** The Kaggle humpback submission: `Image,Id`, each photo's five identities separated by spaces. */
export function kaggleSubmissionCsv(predictions: ReadonlyArray<{ image: string; identities: readonly string[] }>): string {
  const cell = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  return ['Image,Id', ...predictions.map((prediction) => `${cell(prediction.image)},${cell(prediction.identities.join(' '))}`), ''].join('\n');
}
