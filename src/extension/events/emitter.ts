import type * as vscode from 'vscode';

/**
 * A minimal event source with the shape of vscode.Event, for modules that must also run
 * under node:test (where the vscode module does not exist).
 */
export class Emitter<T> implements vscode.Disposable {
  private listeners = new Set<(value: T) => unknown>();

  readonly event: vscode.Event<T> = (listener, thisArgs?, disposables?) => {
    const bound = (value: T): unknown => listener.call(thisArgs, value);
    this.listeners.add(bound);
    const subscription = { dispose: () => void this.listeners.delete(bound) };
    disposables?.push(subscription);
    return subscription;
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }

  dispose(): void {
    this.listeners.clear();
  }
}
