import type { ExperimentConfig } from '../protocol/experiment';

/**
 * The largest full-resolution feature map of one training batch the wasm backend trains:
 * measured with a residual backbone (width 16, 4 stages) on one batch, forward and backward,
 * a 144 MiB map (192x384, 32 images) trains and a 256 MiB one (256x512, 32 images) ends in
 * "memory access out of bounds" (the wasm heap holds every activation and gradient).
 */
export const wasmFeatureMapLimitBytes = 160 * 1024 * 1024;

/** Float32 bytes of the full-resolution map of one training batch: the stem's output for the residual CNN, the input for a LayersModel. */
export function largestFeatureMapBytes(config: ExperimentConfig): number {
  const batch = config.sampling.classesPerBatch * config.sampling.imagesPerClass;
  const channels = config.model.backbone === 'resnet' ? Math.max(config.model.width, config.data.channels) : config.data.channels;
  return batch * config.data.imageHeight * config.data.imageWidth * channels * 4;
}

/** Why the wasm backend cannot train this config (naming the fields to change), or null. */
export function wasmFeatureMapProblem(config: ExperimentConfig): string | null {
  const bytes = largestFeatureMapBytes(config);
  if (bytes <= wasmFeatureMapLimitBytes) return null;
  const mib = (value: number) => `${Math.round(value / 1024 / 1024)} MiB`;
  return (
    `data.imageHeight x data.imageWidth ${config.data.imageHeight}x${config.data.imageWidth} is too large for the wasm backend: ` +
    `one batch's first feature map would take ${mib(bytes)}, over the ${mib(wasmFeatureMapLimitBytes)} it can train; ` +
    'lower data.imageHeight/imageWidth, model.width or sampling.classesPerBatch x imagesPerClass, or use runtime.backend "tensorflow"'
  );
}
