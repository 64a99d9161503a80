import type { SeededRandom } from '../../random/seededRandom';

/**
 * Class-balanced batches inside one cluster: P classes x m images. A class with a single image
 * in the cluster is left out (it has no positive); a class with fewer than m images is drawn
 * with replacement, others without. With fewer than P classes, every class is used.
 */
export class ClassBalancedSampler {
  /** Image indices of each usable class (two images or more in the cluster). */
  readonly classes: number[][];
  /** Images in the usable classes. */
  readonly imageCount: number;

  constructor(
    members: number[],
    labels: Int32Array,
    readonly classesPerBatch: number,
    readonly imagesPerClass: number,
  ) {
    if (!Number.isInteger(classesPerBatch) || classesPerBatch < 1) throw new Error(`sampling.classesPerBatch must be a positive integer, got ${classesPerBatch}`);
    if (!Number.isInteger(imagesPerClass) || imagesPerClass < 2) throw new Error(`sampling.imagesPerClass must be an integer >= 2, got ${imagesPerClass}`);
    const byClass = new Map<number, number[]>();
    for (const image of members) {
      const label = labels[image];
      if (label === undefined) throw new Error(`ClassBalancedSampler: image ${image} has no label (${labels.length} labels)`);
      const list = byClass.get(label);
      if (list) list.push(image);
      else byClass.set(label, [image]);
    }
    this.classes = [...byClass.entries()].sort(([a], [b]) => a - b).map(([, images]) => images).filter((images) => images.length >= 2);
    this.imageCount = this.classes.reduce((sum, images) => sum + images.length, 0);
  }

  /** One batch of image indices, class by class. */
  batch(random: SeededRandom): number[] {
    if (this.classes.length === 0) throw new Error('ClassBalancedSampler: no class with two images or more in this cluster');
    const order = random.shuffle(this.classes.map((_, c) => c)).slice(0, this.classesPerBatch);
    const indices: number[] = [];
    for (const c of order) {
      const images = this.classes[c]!;
      if (images.length < this.imagesPerClass) {
        for (let i = 0; i < this.imagesPerClass; i++) indices.push(images[random.int(images.length)]!);
      } else {
        indices.push(...random.shuffle([...images]).slice(0, this.imagesPerClass));
      }
    }
    return indices;
  }
}
