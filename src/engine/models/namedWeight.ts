/** One weight array of a model, by a name stable across processes (for checkpoints). */
export interface NamedWeight {
  name: string;
  shape: number[];
  values: Float32Array;
}
