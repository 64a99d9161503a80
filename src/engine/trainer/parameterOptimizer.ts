/**
 * Adam (with decoupled weight decay, as AdamW) or SGD with momentum, over groups of variables
 * that each have their own learning rate (the network, and the losses' learnable beta).
 * Written here rather than taken from tf.train because its whole state (moments and step) must
 * be saved in a checkpoint and restored bit for bit: tf.train.adam recomputes its bias
 * corrections differently after setWeights, so a resumed run would drift from an uninterrupted one.
 */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerConfig } from '../../protocol/experiment';

export interface ParameterGroup {
  variables: tf.Variable[];
  learningRate: number;
  weightDecay: number;
}

export interface OptimizerState {
  step: number;
  /** One entry per slot (Adam: first then second moment of each variable; SGD: momentum buffer). */
  slots: Float32Array[];
}

const adamBeta1 = 0.9;
const adamBeta2 = 0.999;
const adamEpsilon = 1e-8;

interface Parameter {
  variable: tf.Variable;
  learningRate: number;
  weightDecay: number;
  slots: tf.Variable[];
}

export class ParameterOptimizer {
  private readonly parameters: Parameter[];
  private step = 0;

  constructor(
    private readonly config: OptimizerConfig,
    groups: ParameterGroup[],
  ) {
    const slotCount = config.type === 'adam' ? 2 : config.momentum > 0 ? 1 : 0;
    this.parameters = groups.flatMap((group) =>
      group.variables.map((variable) => ({
        variable,
        learningRate: group.learningRate,
        weightDecay: group.weightDecay,
        slots: Array.from({ length: slotCount }, () => tf.tidy(() => tf.variable(tf.zerosLike(variable), false))),
      })),
    );
  }

  /** Every variable it updates, in a fixed order (the order of the groups). */
  variables(): tf.Variable[] {
    return this.parameters.map((parameter) => parameter.variable);
  }

  /**
   * Applies one update. `gradients` is keyed by variable name; a variable without a gradient
   * (it took no part in this batch's loss) is left untouched, moments included.
   */
  apply(gradients: tf.NamedTensorMap): void {
    this.step += 1;
    const correction1 = 1 - adamBeta1 ** this.step;
    const correction2 = 1 - adamBeta2 ** this.step;
    tf.tidy(() => {
      for (const parameter of this.parameters) {
        const gradient = gradients[parameter.variable.name];
        if (gradient === undefined) continue;
        if (this.config.type === 'adam') this.adamUpdate(parameter, gradient, correction1, correction2);
        else this.sgdUpdate(parameter, gradient);
      }
    });
  }

  private adamUpdate(parameter: Parameter, gradient: tf.Tensor, correction1: number, correction2: number): void {
    const [first, second] = parameter.slots as [tf.Variable, tf.Variable];
    first.assign(tf.add(tf.mul(first, adamBeta1), tf.mul(gradient, 1 - adamBeta1)));
    second.assign(tf.add(tf.mul(second, adamBeta2), tf.mul(tf.square(gradient), 1 - adamBeta2)));
    const direction = tf.div(
      tf.div(first, correction1),
      tf.add(tf.sqrt(tf.div(second, correction2)), adamEpsilon),
    );
    const decayed = parameter.weightDecay > 0 ? tf.mul(parameter.variable, 1 - parameter.learningRate * parameter.weightDecay) : parameter.variable;
    parameter.variable.assign(tf.sub(decayed, tf.mul(direction, parameter.learningRate)));
  }

  private sgdUpdate(parameter: Parameter, gradient: tf.Tensor): void {
    const decayedGradient = parameter.weightDecay > 0 ? tf.add(gradient, tf.mul(parameter.variable, parameter.weightDecay)) : gradient;
    let direction: tf.Tensor = decayedGradient;
    if (parameter.slots.length === 1) {
      const buffer = parameter.slots[0]!;
      buffer.assign(tf.add(tf.mul(buffer, this.config.momentum), decayedGradient));
      direction = buffer;
    }
    parameter.variable.assign(tf.sub(parameter.variable, tf.mul(direction, parameter.learningRate)));
  }

  saveState(): OptimizerState {
    return {
      step: this.step,
      slots: this.parameters.flatMap((parameter) => parameter.slots.map((slot) => new Float32Array(slot.dataSync()))),
    };
  }

  restoreState(state: OptimizerState): void {
    const slots = this.parameters.flatMap((parameter) => parameter.slots);
    if (state.slots.length !== slots.length) {
      throw new Error(`optimizer state has ${state.slots.length} slots, this optimizer needs ${slots.length}`);
    }
    slots.forEach((slot, index) => {
      const values = state.slots[index]!;
      if (values.length !== slot.size) throw new Error(`optimizer slot ${index} has ${values.length} values, expected ${slot.size}`);
      tf.tidy(() => slot.assign(tf.tensor(values, slot.shape, 'float32')));
    });
    this.step = state.step;
  }

  dispose(): void {
    for (const parameter of this.parameters) for (const slot of parameter.slots) slot.dispose();
  }
}
