import { ClustersMessageType, type ClustersWebviewMessage } from '../../protocol/clustersContract';
import { choiceField, integerArrayField, integerField, messageObject, unknownType } from '../panels/messageFields';

const sizes = ['small', 'large'] as const;

/** Checks a message from the Clusters webview; throws InvalidWebviewMessage when it is not one. */
export function parseClustersMessage(raw: unknown): ClustersWebviewMessage {
  const { message, type } = messageObject(raw);
  switch (type) {
    case ClustersMessageType.Initialized:
      return { type: ClustersMessageType.Initialized };
    case ClustersMessageType.SelectRun:
      return { type: ClustersMessageType.SelectRun, runId: integerField(message, 'runId', 1) };
    case ClustersMessageType.SelectClustering:
      return { type: ClustersMessageType.SelectClustering, clusteringId: integerField(message, 'clusteringId', 1) };
    case ClustersMessageType.RequestThumbnails:
      return {
        type: ClustersMessageType.RequestThumbnails,
        runId: integerField(message, 'runId', 1),
        imageIds: integerArrayField(message, 'imageIds', 500),
        size: choiceField(message, 'size', sizes),
      };
    case ClustersMessageType.ShowOnMap:
      return {
        type: ClustersMessageType.ShowOnMap,
        runId: integerField(message, 'runId', 1),
        epoch: integerField(message, 'epoch'),
        cluster: integerField(message, 'cluster'),
      };
    default:
      throw unknownType(type);
  }
}

/** The run and reclustering a saved page showed (its setState), for the serializer; null when unreadable. */
export function choiceFromClustersState(state: unknown): { runId: number; clusteringId: number | null } | null {
  if (state === null || typeof state !== 'object') return null;
  const { runId, clusteringId } = state as Record<string, unknown>;
  const positive = (value: unknown) => (typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null);
  const run = positive(runId);
  return run === null ? null : { runId: run, clusteringId: positive(clusteringId) };
}
