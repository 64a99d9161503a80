/**
 * Field readers for messages that come from a webview. A webview is a web page: whatever it
 * posts is checked here before the host acts on it, and a bad message throws
 * InvalidWebviewMessage (the host logs it and carries on).
 */
export class InvalidWebviewMessage extends Error {
  constructor(reason: string) {
    super(`invalid webview message: ${reason}`);
    this.name = 'InvalidWebviewMessage';
  }
}

export type MessageObject = Record<string, unknown>;

/** The message as an object with a string `type`, and that type. */
export function messageObject(raw: unknown): { message: MessageObject; type: string } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new InvalidWebviewMessage('not an object');
  const message = raw as MessageObject;
  if (typeof message.type !== 'string') throw new InvalidWebviewMessage('field "type" is not a string');
  return { message, type: message.type };
}

export function unknownType(type: string): InvalidWebviewMessage {
  return new InvalidWebviewMessage(`unknown type "${type.slice(0, 80)}"`);
}

export function integerField(message: MessageObject, field: string, min = 0): number {
  const value = message[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new InvalidWebviewMessage(`field "${field}" must be an integer >= ${min}`);
  }
  return value;
}

export function nullableIntegerField(message: MessageObject, field: string, min = 0): number | null {
  return message[field] === null ? null : integerField(message, field, min);
}

export function integerArrayField(message: MessageObject, field: string, maxLength: number): number[] {
  const value = message[field];
  if (!Array.isArray(value) || value.length > maxLength) {
    throw new InvalidWebviewMessage(`field "${field}" must be an array of at most ${maxLength} integers`);
  }
  return value.map((item, index) => integerField({ [`${field}[${index}]`]: item }, `${field}[${index}]`));
}

export function choiceField<T extends string>(message: MessageObject, field: string, choices: readonly T[]): T {
  const value = message[field];
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new InvalidWebviewMessage(`field "${field}" must be one of ${choices.join(', ')}`);
  }
  return value as T;
}

export function stringField(message: MessageObject, field: string, pattern: RegExp, maxLength: number): string {
  const value = message[field];
  if (typeof value !== 'string' || value.length > maxLength || !pattern.test(value)) {
    throw new InvalidWebviewMessage(`field "${field}" is not an accepted string`);
  }
  return value;
}
