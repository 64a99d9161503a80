import * as vscode from 'vscode';
import { existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import type { RunManager } from './runManager';
import { formatLogLine } from './trainerEventText';

/**
 * One output channel per run whose log the user opened: the log file so far, then live
 * lines while the run is followed. Channels are made on demand, not per run.
 */
export class RunLogChannels implements vscode.Disposable {
  private readonly channels = new Map<number, vscode.OutputChannel>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly manager: RunManager) {
    this.subscription = manager.onRunOutput((output) => {
      if (output.runId !== null) this.channels.get(output.runId)?.appendLine(formatLogLine(output.line));
    });
  }

  async show(runId: number, name: string): Promise<void> {
    if (!this.channels.has(runId)) {
      const path = this.manager.logSnapshot(runId)?.path ?? (await this.manager.runLogPathOf(runId));
      if (!this.channels.has(runId)) this.channels.set(runId, this.openChannel(runId, name, path));
    }
    this.channels.get(runId)!.show(true);
  }

  private openChannel(runId: number, name: string, path: string): vscode.OutputChannel {
    const channel = vscode.window.createOutputChannel(`Fluke Run ${runId}: ${name}`);
    // Up to what the follower already delivered, so no line shows twice.
    const followed = this.manager.logSnapshot(runId);
    if (existsSync(path)) {
      channel.appendLine(`log: ${path}`);
      for (const line of readPrefix(path, followed?.offset ?? statSync(path).size).split('\n')) if (line) channel.appendLine(formatLogLine(line));
    } else {
      channel.appendLine(`No log file for run ${runId} (${path}): it was started outside VS Code or its log was removed. \`fluke show ${runId}\` prints what the store holds.`);
    }
    return channel;
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
