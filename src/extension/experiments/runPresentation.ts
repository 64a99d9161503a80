import { slurmJobSummary } from '../slurm/slurmJobText';
import type { RunRecord, RunStatus } from '../../protocol/records';

/** How a tree row looks, computed without VS Code so it can be tested; the tree turns it into a TreeItem. */
export interface RowPresentation {
  label: string;
  description: string;
  /** A codicon id (ThemeIcon) and an optional theme colour id. */
  icon: { id: string; color?: string };
  /** Menus' `viewItem` (package.json `when` clauses match on these). */
  contextValue: string;
  /** Markdown. */
  tooltip: string;
}

export interface LiveProgress {
  epoch: number;
  epochs: number;
}

const statusIcons: Record<RunStatus, { id: string; color?: string }> = {
  queued: { id: 'clock' },
  running: { id: 'loading~spin' },
  completed: { id: 'pass', color: 'testing.iconPassed' },
  stopped: { id: 'stop-circle', color: 'disabledForeground' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  diverged: { id: 'warning', color: 'list.warningForeground' },
  crashed: { id: 'flame', color: 'testing.iconFailed' },
  timeout: { id: 'watch', color: 'list.warningForeground' },
};

export function runStatusIcon(status: RunStatus): { id: string; color?: string } {
  return statusIcons[status];
}

export function formatRecall(value: number): string {
  return `R@1 ${value.toFixed(3)}`;
}

export function presentRun(run: RunRecord, live?: LiveProgress): RowPresentation {
  const recall = run.bestRecallAt1 === null ? null : formatRecall(run.bestRecallAt1);
  let description: string;
  if (run.status === 'running') {
    const progress = live ?? { epoch: run.lastEpoch, epochs: run.epochs };
    description = [`epoch ${progress.epoch}/${progress.epochs}`, recall].filter(Boolean).join(' · ');
  } else if (run.status === 'completed') {
    description = recall ?? 'completed';
  } else {
    description = [run.status, recall].filter(Boolean).join(' · ');
  }
  const job = slurmJobSummary(run);
  if (job) description = `${description} · ${job}`;
  return {
    label: run.name,
    description,
    icon: runStatusIcon(run.status),
    contextValue: `fluke.run.${run.status}`,
    tooltip: runTooltip(run),
  };
}

export interface PendingRun {
  label: string;
  /** queued: waiting for a free slot; starting: spawned, not yet in the store. */
  state: 'queued' | 'starting';
  /** 1 = next to start. */
  position: number | null;
}

export function presentPendingRun(pending: PendingRun): RowPresentation {
  const queued = pending.state === 'queued';
  return {
    label: pending.label,
    description: queued ? `queued${pending.position === null ? '' : ` (#${pending.position} in line)`}` : 'starting…',
    icon: queued ? statusIcons.queued : statusIcons.running,
    contextValue: 'fluke.pendingRun',
    tooltip: queued
      ? `**${escapeMarkdown(pending.label)}** waits for a free slot (setting \`fluke.maxConcurrentRuns\`).`
      : `**${escapeMarkdown(pending.label)}** is starting.`,
  };
}

export interface ExperimentRowInput {
  /** The file's path relative to the workspace folder. */
  relativePath: string;
  exists: boolean;
  hasGrid: boolean;
  runCount: number;
  bestRecallAt1: number | null;
}

export function presentExperiment(input: ExperimentRowInput): RowPresentation {
  const fileName = input.relativePath.split(/[\\/]/).pop()!;
  const label = fileName.replace(/\.experiment\.json$/, '');
  const runs = input.runCount === 1 ? '1 run' : `${input.runCount} runs`;
  const parts = input.exists ? [runs] : ['file not found', runs];
  if (input.bestRecallAt1 !== null) parts.push(`best ${formatRecall(input.bestRecallAt1)}`);
  return {
    label,
    description: parts.join(' · '),
    icon: input.exists ? { id: 'beaker' } : { id: 'warning', color: 'list.warningForeground' },
    contextValue: !input.exists ? 'fluke.orphanRuns' : input.hasGrid ? 'fluke.experiment.grid' : 'fluke.experiment',
    tooltip: input.exists
      ? `${codeSpan(input.relativePath)}${input.hasGrid ? ' (a sweep: it has a `grid`)' : ''}`
      : `${codeSpan(input.relativePath)} no longer exists; its runs are still in the store.`,
  };
}

/** The config summary of a run's tooltip: what a reader compares runs by. */
export function runTooltip(run: RunRecord): string {
  const { config } = run;
  const lines = [
    `**${escapeMarkdown(run.name)}** (run ${run.id})`,
    [run.status, run.backend && `backend ${run.backend}`, `seed ${run.seed}`, run.host && `on ${run.host}`].filter(Boolean).join(' · '),
  ];
  if (config?.method) {
    const method = config.method;
    const recluster = method.reclusterEvery > 0 ? `recluster every ${method.reclusterEvery} epochs` : 'clustered once';
    lines.push(method.clusters === 1 ? 'K = 1 (baseline, no clustering)' : `K = ${method.clusters} clusters, ${recluster} on ${method.clusterOn} features`);
  }
  if (config?.model) {
    const backbone = config.model.backbone === 'resnet' ? `resnet width ${config.model.width}, blocks [${config.model.blocksPerStage.join(', ')}]` : 'layers-model backbone';
    lines.push(`${backbone}, embedding ${config.model.embeddingSize}`);
  }
  if (config?.loss && config.sampling) {
    lines.push(`${config.loss.type} loss (margin ${config.loss.margin}) · ${config.sampling.miner} miner · ${config.sampling.classesPerBatch} × ${config.sampling.imagesPerClass} per batch`);
  }
  if (config?.optimizer) lines.push(`${config.optimizer.type} lr ${config.optimizer.learningRate} · ${run.epochs} epochs`);
  if (config?.data) lines.push(`data ${codeSpan(config.data.path)} (${config.data.format}, ${config.data.imageHeight} × ${config.data.imageWidth})`);
  const grid = Object.entries(run.gridValues ?? {});
  if (grid.length > 0) lines.push(`grid: ${grid.map(([key, value]) => `${key} = ${String(value)}`).join(', ')}`);
  lines.push(`epochs done ${run.lastEpoch}/${run.epochs}${run.bestRecallAt1 === null ? '' : ` · best ${formatRecall(run.bestRecallAt1)}`}`);
  if (run.error) lines.push(`error: ${escapeMarkdown(run.error)}`);
  return lines.join('\n\n');
}

function codeSpan(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, (character) => `\\${character}`);
}
