import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const weightsFileName = 'weights.bin';
/** A model.json holds the topology and the weights manifest, never the weights. */
const maxModelJsonBytes = 64 * 1024 * 1024;

/**
 * Reads and writes a TF.js model (model.json + weight shards) on the local file system.
 * tf.loadLayersModel's file:// handler comes with tfjs-node, which is optional here, so the
 * pure-JS engine brings its own.
 */
export function fileModelHandler(modelJsonPath: string): tf.io.IOHandler {
  return {
    async load(): Promise<tf.io.ModelArtifacts> {
      let text: string;
      try {
        const stats = statSync(modelJsonPath);
        if (!stats.isFile()) throw new Error('not a regular file');
        if (stats.size > maxModelJsonBytes) throw new Error(`over ${maxModelJsonBytes / 1024 / 1024} MiB, too large for a model.json`);
        text = readFileSync(modelJsonPath, 'utf8');
      } catch (error) {
        throw new Error(`${modelJsonPath}: cannot read the model: ${error instanceof Error ? error.message : String(error)}`);
      }
      let modelJson: tf.io.ModelJSON | null;
      try {
        modelJson = JSON.parse(text) as tf.io.ModelJSON | null;
      } catch {
        // The parser's message quotes the file's first bytes; they would end up in runs.error.
        throw new Error(`${modelJsonPath}: not a TF.js model.json (not JSON)`);
      }
      if (typeof modelJson !== 'object' || modelJson === null || !modelJson.modelTopology) {
        throw new Error(`${modelJsonPath}: no "modelTopology" (not a TF.js model.json)`);
      }
      const folder = dirname(modelJsonPath);
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          for (const path of group.paths) {
            let bytes: Buffer;
            try {
              bytes = readFileSync(join(folder, path));
            } catch (error) {
              throw new Error(`${modelJsonPath}: weight shard ${path} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
            }
            buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
          }
        }
        return [tf.io.getWeightSpecs(manifest), tf.io.concatenateArrayBuffers(buffers)];
      });
    },

    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      const folder = dirname(modelJsonPath);
      mkdirSync(folder, { recursive: true });
      const weightData = artifacts.weightData ? tf.io.CompositeArrayBuffer.join(artifacts.weightData) : new ArrayBuffer(0);
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: [weightsFileName], weights: artifacts.weightSpecs ?? [] }],
      };
      if (artifacts.trainingConfig) modelJson.trainingConfig = artifacts.trainingConfig;
      writeFileSync(join(folder, weightsFileName), new Uint8Array(weightData));
      writeFileSync(modelJsonPath, JSON.stringify(modelJson));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weightData.byteLength } };
    },
  };
}
