/** The database this command works on (storePathFrom records it): a SQLite error met in any query names it. */
let commandStorePath: string | null = null;

export function rememberStorePath(path: string): void {
  commandStorePath = path;
}

/**
 * A SQLite error (better-sqlite3's SqliteError) as one line naming the database file, with a
 * hint for a damaged one; null for any other error. A file damaged mid-way opens fine and
 * fails only in the query that reads the damaged page.
 */
export function storeFailureMessage(error: unknown): string | null {
  if (!(error instanceof Error) || error.name !== 'SqliteError' || commandStorePath === null) return null;
  const code = (error as Error & { code?: string }).code ?? '';
  const damaged = code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB');
  const hint = damaged ? ' (the file is damaged: restore it from a backup, or move it aside to start a new database)' : '';
  return `${commandStorePath}: ${error.message}${hint}`;
}
