import { spawn } from 'node:child_process';

export interface FlukeCliCall {
  nodePath: string;
  cliPath: string;
  args: string[];
  cwd: string;
  signal?: AbortSignal;
  /** Each stderr line as it comes (fluke prints progress there). */
  onStderrLine?: (line: string) => void;
}

export interface FlukeCliResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a short `fluke` command (doctor, export, data generate) and collects its output. */
export function runFlukeCli(call: FlukeCliCall): Promise<FlukeCliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(call.nodePath, [call.cliPath, ...call.args], { cwd: call.cwd, signal: call.signal, windowsHide: true });
    let stdout = '';
    let stderr = '';
    let partial = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      for (const line of lines) call.onStderrLine?.(line);
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') reject(new Error(`Node.js not found: "${call.nodePath}" (setting fluke.nodePath). Install Node 20 or set fluke.nodePath to its full path.`));
      else reject(error);
    });
    child.once('close', (exitCode) => {
      if (partial) call.onStderrLine?.(partial);
      resolve({ exitCode, stdout, stderr });
    });
  });
}
