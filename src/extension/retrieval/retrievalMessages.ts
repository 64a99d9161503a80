import { RetrievalMessageType, type RetrievalWebviewMessage } from '../../protocol/retrievalContract';
import {
  choiceField,
  InvalidWebviewMessage,
  integerArrayField,
  integerField,
  messageObject,
  nullableIntegerField,
  unknownType,
} from '../panels/messageFields';

const slots = ['a', 'b'] as const;
const sizes = ['small', 'large'] as const;

/** Checks a message from the Retrieval Preview webview; throws InvalidWebviewMessage when it is not one. */
export function parseRetrievalMessage(raw: unknown): RetrievalWebviewMessage {
  const { message, type } = messageObject(raw);
  switch (type) {
    case RetrievalMessageType.Initialized:
      return { type: RetrievalMessageType.Initialized };
    case RetrievalMessageType.SelectRun: {
      const slot = choiceField(message, 'slot', slots);
      // Run A is always shown; only run B may be switched off.
      const runId = slot === 'a' ? integerField(message, 'runId', 1) : nullableIntegerField(message, 'runId', 1);
      return { type: RetrievalMessageType.SelectRun, slot, runId };
    }
    case RetrievalMessageType.SelectEpoch:
      return {
        type: RetrievalMessageType.SelectEpoch,
        slot: choiceField(message, 'slot', slots),
        epoch: integerField(message, 'epoch'),
      };
    case RetrievalMessageType.RequestThumbnails:
      return {
        type: RetrievalMessageType.RequestThumbnails,
        runId: integerField(message, 'runId', 1),
        imageIds: integerArrayField(message, 'imageIds', 500),
        size: choiceField(message, 'size', sizes),
      };
    case RetrievalMessageType.ExportSubmission: {
      const threshold = message.threshold;
      if (threshold !== null && (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold < 0)) {
        throw new InvalidWebviewMessage('field "threshold" must be a distance >= 0 or null');
      }
      return { type: RetrievalMessageType.ExportSubmission, threshold };
    }
    case RetrievalMessageType.ShowOnMap:
      return {
        type: RetrievalMessageType.ShowOnMap,
        runId: integerField(message, 'runId', 1),
        epoch: integerField(message, 'epoch'),
        queryImageId: integerField(message, 'queryImageId', 1),
        neighbourImageIds: integerArrayField(message, 'neighbourImageIds', 1000),
      };
    default:
      throw unknownType(type);
  }
}

/** Runs and epochs a saved page showed (its setState), and whether it showed run A's identified photos, for the serializer; null when unreadable. */
export function slotsFromRetrievalState(
  state: unknown,
): { a: { runId: number; epoch: number | null }; b: { runId: number; epoch: number | null } | null; showsIdentified: boolean } | null {
  if (state === null || typeof state !== 'object') return null;
  const fields = state as Record<string, unknown>;
  const id = (value: unknown) => (typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null);
  const epoch = (value: unknown) => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null);
  const runIdA = id(fields.runIdA);
  if (runIdA === null) return null;
  const runIdB = id(fields.runIdB);
  return {
    a: { runId: runIdA, epoch: epoch(fields.epochA) },
    b: runIdB === null ? null : { runId: runIdB, epoch: epoch(fields.epochB) },
    showsIdentified: fields.identifiedRunId === runIdA,
  };
}
