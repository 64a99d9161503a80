import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Debian's python3: the first python3 on PATH here lacks Debian's numpy/torch/faiss. */
export const debianPython = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

export interface PythonResult<T> {
  value: T | null;
  error: string | null;
}

/**
 * Runs a reference script from bench/reference and parses the JSON object it prints last.
 * A missing module or a failing script comes back as an error text, never a throw, so the
 * bench can say what it could not run.
 */
export function runPythonReference<T>(python: string, script: string, args: string[], timeoutMs = 600_000): PythonResult<T> {
  const path = join(__dirname, '..', 'bench', 'reference', script);
  const result = spawnSync(python, [path, ...args], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) return { value: null, error: `${script}: ${result.error.message}` };
  if (result.status !== 0) {
    const lastLines = (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' | ');
    return { value: null, error: `${script} exited ${result.status}: ${lastLines}` };
  }
  const lastLine = result.stdout.trim().split('\n').pop() ?? '';
  try {
    return { value: JSON.parse(lastLine) as T, error: null };
  } catch {
    return { value: null, error: `${script} printed no JSON result: ${lastLine.slice(0, 200)}` };
  }
}
