import { spawn } from 'node:child_process';

export interface InstallCommand {
  command: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Each line of output as it comes, for progress. */
  onLine?: (line: string) => void;
}

/**
 * Runs one step of the install; resolves with its stdout, rejects with the command and the
 * last lines of its output (the part that says what went wrong).
 */
export function runInstallCommand(step: InstallCommand): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(step.command, step.args, { cwd: step.cwd, env: step.env ?? process.env, signal: step.signal, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const tail: string[] = [];
    const collect = (isStdout: boolean) => {
      let partial = '';
      return (chunk: Buffer) => {
        const text = chunk.toString();
        if (isStdout) stdout += text;
        const lines = (partial + text).split(/\r?\n|\r/);
        partial = lines.pop() ?? '';
        for (const line of lines) {
          if (!line.trim()) continue;
          tail.push(line);
          if (tail.length > 15) tail.shift();
          step.onLine?.(line);
        }
      };
    };
    child.stdout.on('data', collect(true));
    child.stderr.on('data', collect(false));
    child.on('error', (error) => reject(error.name === 'AbortError' ? new Error('cancelled') : new Error(`${step.command}: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`\`${[step.command, ...step.args.map((arg) => (arg.length > 100 ? `${arg.slice(0, 40)}…` : arg))].join(' ')}\` failed (${signal ?? `exit ${code}`}):\n${tail.join('\n')}`));
    });
  });
}
