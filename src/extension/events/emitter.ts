import type * as vscode from 'vscode';

/**
 * A minimal event source with the shape of vscode.Event, for modules that must also run
 * under node:test (where the vscode module does not exist).
 */
export class Emitter<T> implements vscode.Disposable {
  private listeners = new Set<(value: T) => unknown>();

  /** `onListenerError` by default rethrows outside fire(), where the extension host reports uncaught errors. */
  constructor(private readonly onListenerError: (error: unknown) => void = rethrowLater) {}

  readonly event: vscode.Event<T> = (listener, thisArgs?, disposables?) => {
    const bound = (value: T): unknown => listener.call(thisArgs, value);
    this.listeners.add(bound);
    const subscription = { dispose: () => void this.listeners.delete(bound) };
    disposables?.push(subscription);
    return subscription;
  };

  /** Calls every listener; one that throws does not keep the others (or the caller) from running. */
  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}

function rethrowLater(error: unknown): void {
  setTimeout(() => {
    throw error;
  });
}
