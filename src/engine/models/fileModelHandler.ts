import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const weightsFileName = 'weights.bin';

/**
 * Reads and writes a TF.js model (model.json + weight shards) on the local file system.
 * tf.loadLayersModel's file:// handler comes with tfjs-node, which is optional here, so the
 * pure-JS engine brings its own.
 */
export function fileModelHandler(modelJsonPath: string): tf.io.IOHandler {
  return {
    async load(): Promise<tf.io.ModelArtifacts> {
      let modelJson: tf.io.ModelJSON;
      try {
        modelJson = JSON.parse(readFileSync(modelJsonPath, 'utf8')) as tf.io.ModelJSON;
      } catch (error) {
        throw new Error(`${modelJsonPath}: cannot read the model: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!modelJson.modelTopology) throw new Error(`${modelJsonPath}: no "modelTopology" (not a TF.js model.json)`);
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
