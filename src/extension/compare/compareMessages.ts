import { CompareMessageType, type CompareWebviewMessage } from '../../protocol/compareContract';
import { integerArrayField, messageObject, stringField, unknownType } from '../panels/messageFields';

/** Charts a panel may hold: ids the model makes (loss, recall-1, cluster-sizes-12...). */
const chartIdPattern = /^[a-z0-9-]{1,64}$/;
/** A PNG export is at most this long (a large chart at device pixel ratio 2 is ~1 MB). */
const maxDataUrlLength = 32 * 1024 * 1024;

/** Checks a message from the Compare Runs webview; throws InvalidWebviewMessage when it is not one. */
export function parseCompareMessage(raw: unknown): CompareWebviewMessage {
  const { message, type } = messageObject(raw);
  switch (type) {
    case CompareMessageType.Initialized:
      return { type: CompareMessageType.Initialized };
    case CompareMessageType.PickRuns:
      return { type: CompareMessageType.PickRuns };
    case CompareMessageType.SelectRuns:
      return { type: CompareMessageType.SelectRuns, runIds: integerArrayField(message, 'runIds', 200) };
    case CompareMessageType.ExportPng:
      return {
        type: CompareMessageType.ExportPng,
        chartId: stringField(message, 'chartId', chartIdPattern, 64),
        dataUrl: stringField(message, 'dataUrl', /^data:image\/png;base64,[A-Za-z0-9+/=]+$/, maxDataUrlLength),
      };
    case CompareMessageType.ExportCsv:
      return { type: CompareMessageType.ExportCsv, chartId: stringField(message, 'chartId', chartIdPattern, 64) };
    default:
      throw unknownType(type);
  }
}

/** The runs a saved page showed (its setState), for the serializer; [] when unreadable. */
export function runIdsFromCompareState(state: unknown): number[] {
  try {
    const { runIds } = state as { runIds?: unknown };
    return integerArrayField({ runIds }, 'runIds', 200).filter((id) => id > 0);
  } catch {
    return [];
  }
}
