import * as vscode from 'vscode';
import { existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import type { RunManager } from './runManager';
import { runLogPath } from './storePaths';
import { formatLogLine } from './trainerEventText';

/**
 * One output channel per run whose log the user opened: the log file so far, then live
 * lines while the run is followed. Channels are made on demand, not per run.
 */
export class RunLogChannels implements vscode.Disposable {
  private readonly channels = new Map<number, vscode.OutputChannel>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly manager: RunManager,
    private readonly databasePath: () => string,
  ) {
    this.subscription = manager.onRunOutput((output) => {
      if (output.runId !== null) this.channels.get(output.runId)?.appendLine(formatLogLine(output.line));
    });
  }

  show(runId: number, name: string): void {
    let channel = this.channels.get(runId);
    if (!channel) {
      channel = vscode.window.createOutputChannel(`Fluke Run ${runId}: ${name}`);
      this.channels.set(runId, channel);
      // Up to what the follower already delivered, so no line shows twice.
      const followed = this.manager.logSnapshot(runId);
      const path = followed?.path ?? runLogPath(this.databasePath(), runId);
      if (existsSync(path)) {
        channel.appendLine(`log: ${path}`);
        for (const line of readPrefix(path, followed?.offset ?? statSync(path).size).split('\n')) if (line) channel.appendLine(formatLogLine(line));
      } else {
        channel.appendLine(`No log file for run ${runId} (${path}): it was started outside VS Code or its log was removed. \`fluke show ${runId}\` prints what the store holds.`);
      }
    }
    channel.show(true);
  }

  dispose(): void {
    this.subscription.dispose();
    for (const channel of this.channels.values()) channel.dispose();
  }
}

function readPrefix(path: string, bytes: number): string {
  const buffer = Buffer.alloc(bytes);
  const handle = openSync(path, 'r');
  try {
    const read = readSync(handle, buffer, 0, bytes, 0);
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    closeSync(handle);
  }
}
