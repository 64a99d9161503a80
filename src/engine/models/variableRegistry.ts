import * as tf from '@tensorflow/tfjs';
import type { NamedWeight } from './namedWeight';

interface Entry {
  name: string;
  variable: tf.Variable;
}

/**
 * The variables of a model under stable names. tf.variable names are global to the process
 * (two models would clash), so the names live here and the tf.Variables stay anonymous.
 */
export class VariableRegistry {
  private readonly entries: Entry[] = [];

  /** Takes ownership of `initial` (it becomes the variable's value). */
  add(name: string, initial: tf.Tensor, trainable: boolean): tf.Variable {
    if (this.entries.some((entry) => entry.name === name)) throw new Error(`duplicate model variable ${name}`);
    const variable = tf.variable(initial, trainable);
    initial.dispose();
    this.entries.push({ name, variable });
    return variable;
  }

  get trainableVariables(): tf.Variable[] {
    return this.entries.filter((entry) => entry.variable.trainable).map((entry) => entry.variable);
  }

  save(): NamedWeight[] {
    return this.entries.map(({ name, variable }) => ({
      name,
      shape: [...variable.shape],
      values: Float32Array.from(variable.dataSync() as Float32Array),
    }));
  }

  /** Restores every variable; the names and shapes must match exactly. */
  load(weights: NamedWeight[]): void {
    const byName = new Map(weights.map((weight) => [weight.name, weight]));
    for (const { name, variable } of this.entries) {
      const weight = byName.get(name);
      if (!weight) throw new Error(`checkpoint has no weight ${name}`);
      if (weight.shape.join('x') !== variable.shape.join('x')) {
        throw new Error(`checkpoint weight ${name} has shape [${weight.shape.join(', ')}], the model expects [${variable.shape.join(', ')}]`);
      }
    }
    const extra = weights.find((weight) => !this.entries.some((entry) => entry.name === weight.name));
    if (extra) throw new Error(`checkpoint weight ${extra.name} does not belong to this model`);
    for (const { name, variable } of this.entries) {
      const weight = byName.get(name)!;
      tf.tidy(() => variable.assign(tf.tensor(weight.values, weight.shape, 'float32')));
    }
  }

  dispose(): void {
    for (const { variable } of this.entries) variable.dispose();
    this.entries.length = 0;
  }
}
