/** The page's handle on VS Code: messages to the host and the state kept across reloads. */
export interface WebviewApi<State, Message> {
  postMessage(message: Message): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi(): WebviewApi<unknown, unknown>;

/** acquireVsCodeApi may be called only once per page; every panel calls this once at start. */
export function webviewApi<State, Message>(): WebviewApi<State, Message> {
  return acquireVsCodeApi() as WebviewApi<State, Message>;
}

/** Messages from the host (the host is trusted: it built them from the contract). */
export function onHostMessage<Message>(listener: (message: Message) => void): void {
  window.addEventListener('message', (event: MessageEvent<Message>) => listener(event.data));
}
