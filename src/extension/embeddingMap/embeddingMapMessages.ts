import { EmbeddingMapMessageType, type EmbeddingMapWebviewMessage } from '../../protocol/embeddingMapContract';
import { choiceField, integerArrayField, integerField, messageObject, nullableIntegerField, unknownType } from '../panels/messageFields';

const slots = ['a', 'b'] as const;
const sizes = ['small', 'large'] as const;

/** Checks a message from the Embedding Map webview; throws InvalidWebviewMessage when it is not one. */
export function parseEmbeddingMapMessage(raw: unknown): EmbeddingMapWebviewMessage {
  const { message, type } = messageObject(raw);
  switch (type) {
    case EmbeddingMapMessageType.Initialized:
      return { type: EmbeddingMapMessageType.Initialized };
    case EmbeddingMapMessageType.SelectRun: {
      const slot = choiceField(message, 'slot', slots);
      // Run A is always shown; only run B may be switched off.
      const runId = slot === 'a' ? integerField(message, 'runId', 1) : nullableIntegerField(message, 'runId', 1);
      return { type: EmbeddingMapMessageType.SelectRun, slot, runId };
    }
    case EmbeddingMapMessageType.SelectEpoch:
      return { type: EmbeddingMapMessageType.SelectEpoch, epoch: integerField(message, 'epoch') };
    case EmbeddingMapMessageType.RequestThumbnails:
      return {
        type: EmbeddingMapMessageType.RequestThumbnails,
        runId: integerField(message, 'runId', 1),
        imageIds: integerArrayField(message, 'imageIds', 500),
        size: choiceField(message, 'size', sizes),
      };
    case EmbeddingMapMessageType.OpenQuery:
      return {
        type: EmbeddingMapMessageType.OpenQuery,
        runId: integerField(message, 'runId', 1),
        epoch: integerField(message, 'epoch'),
        queryImageId: integerField(message, 'queryImageId', 1),
      };
    default:
      throw unknownType(type);
  }
}

/** The runs and epoch a saved page showed (its setState), for the serializer; null when unreadable. */
export function choiceFromEmbeddingMapState(state: unknown): { runIdA: number; runIdB: number | null; epoch: number | null } | null {
  if (state === null || typeof state !== 'object') return null;
  const fields = state as Record<string, unknown>;
  const whole = (value: unknown, min: number) => (typeof value === 'number' && Number.isSafeInteger(value) && value >= min ? value : null);
  const runIdA = whole(fields.runIdA, 1);
  return runIdA === null ? null : { runIdA, runIdB: whole(fields.runIdB, 1), epoch: whole(fields.epoch, 0) };
}
