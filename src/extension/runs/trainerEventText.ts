import { parseTrainerEvent, type TrainerEvent } from '../../protocol/trainerEvents';

/** One readable line per trainer event, for a run's log channel (the raw JSON is for machines). */
export function describeTrainerEvent(event: TrainerEvent): string {
  switch (event.type) {
    case 'run-started':
      return `run ${event.runId} "${event.name}" started: pid ${event.pid}, backend ${event.backend}, epochs ${event.startEpoch + 1}-${event.epochs}`;
    case 'log':
      return `[${event.level}] ${event.message}`;
    case 'epoch': {
      const learners = event.learnerLosses.length > 1 ? ` (learners ${event.learnerLosses.map(fixed4).join(', ')})` : '';
      return `epoch ${event.epoch}/${event.epochs}: loss ${fixed4(event.loss)}${learners}, lr ${event.learningRate}, ${event.seconds.toFixed(1)} s, ${Math.round(event.imagesPerSecond)} images/s`;
    }
    case 'metrics': {
      const recalls = Object.entries(event.recallAtK)
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([k, value]) => `R@${k} ${value.toFixed(3)}`);
      const others = [
        ['NMI', event.nmi],
        ['MAP@R', event.mapAtR],
        ['MAP@5', event.map5],
      ]
        .filter((entry): entry is [string, number] => entry[1] !== null)
        .map(([name, value]) => `${name} ${value.toFixed(3)}`);
      return `epoch ${event.epoch} evaluation: ${[...recalls, ...others].join(', ')}`;
    }
    case 'epoch-batches': {
      const usage = event.clusterUsage.map((cluster) => `${cluster.images} images/${cluster.classes} classes`).join(', ');
      const hardness = event.learnerHardness.map((learner) => `${shareText(learner.nonZeroLossShare)} non-zero, d(a,n) ${learner.meanNegativeDistance?.toFixed(3) ?? '-'}`).join('; ');
      return `epoch ${event.epoch} batches: ${usage}; ${hardness}`;
    }
    case 'clustering':
      return `epoch ${event.epoch}: clustered into ${event.k} (sizes ${event.sizes.join(', ')}${event.churnNmi === null ? '' : `; NMI with the previous ${event.churnNmi.toFixed(3)}`})`;
    case 'checkpoint':
      return `epoch ${event.epoch}: checkpoint ${event.path}`;
    case 'run-ended':
      return `run ${event.runId} ended: ${event.status}${event.error ? ` (${event.error})` : ''}`;
  }
}

function shareText(share: number | null): string {
  return share === null ? '-' : `${(share * 100).toFixed(0)} %`;
}

function fixed4(value: number): string {
  return value.toFixed(4);
}

/** A line of a training log as a reader wants it: trainer events described, anything else (stderr) as is. */
export function formatLogLine(line: string): string {
  const event = parseTrainerEvent(line);
  return event ? describeTrainerEvent(event) : line;
}
