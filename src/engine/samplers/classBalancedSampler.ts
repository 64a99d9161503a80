import type { SeededRandom } from '../../random/seededRandom';

/**
 * Class-balanced batches inside one cluster, always P classes x m images (equal budget,
 * method.md "Batches"). Classes with two images or more come first, P of them without
 * replacement; when the cluster has fewer, the batch is filled with its single-image classes
 * (their images still serve as negatives, and augmentation makes their copies distinct
 * views), then with classes drawn again. A class with fewer than m images is drawn with
 * replacement, others without.
 */
export class ClassBalancedSampler {
  /** Image indices of each class in the cluster, classes with two images or more first. */
  readonly classes: number[][];
  /** How many of `classes` have two images or more. */
  readonly classesWithPositives: number;

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
    const sorted = [...byClass.entries()].sort(([a], [b]) => a - b).map(([, images]) => images);
    const withPositives = sorted.filter((images) => images.length >= 2);
    this.classes = [...withPositives, ...sorted.filter((images) => images.length < 2)];
    this.classesWithPositives = withPositives.length;
  }

  /** One batch of P x m image indices, class by class. */
  batch(random: SeededRandom): number[] {
    if (this.classes.length === 0) throw new Error('ClassBalancedSampler: the cluster has no images');
    const indices: number[] = [];
    for (const c of this.chooseClasses(random)) {
      const images = this.classes[c]!;
      if (images.length < this.imagesPerClass) {
        for (let i = 0; i < this.imagesPerClass; i++) indices.push(images[random.int(images.length)]!);
      } else {
        indices.push(...random.shuffle([...images]).slice(0, this.imagesPerClass));
      }
    }
    return indices;
  }

  private chooseClasses(random: SeededRandom): number[] {
    const positives = this.classes.slice(0, this.classesWithPositives).map((_, c) => c);
    const chosen = random.shuffle(positives).slice(0, this.classesPerBatch);
    if (chosen.length < this.classesPerBatch) {
      const singles = this.classes.map((_, c) => c).slice(this.classesWithPositives);
      chosen.push(...random.shuffle(singles).slice(0, this.classesPerBatch - chosen.length));
    }
    // Still short: the cluster has fewer than P classes, so classes are drawn again (with positives first).
    const pool = this.classesWithPositives > 0 ? this.classesWithPositives : this.classes.length;
    while (chosen.length < this.classesPerBatch) chosen.push(random.int(pool));
    return chosen;
  }
}
