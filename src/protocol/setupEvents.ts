/** What `fluke setup tensorflow --json` prints, one JSON object per line (the extension's progress notification reads it). */
export type SetupEvent =
  | { type: 'progress'; step: number; total: number; message: string }
  | { type: 'installed'; installDir: string; alreadyInstalled: boolean; tensorflowVersion: string }
  | { type: 'failed'; message: string };
