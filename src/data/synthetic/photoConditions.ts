import type { SeededRandom } from '../../random/seededRandom';

/** Everything that changes from one photo of a whale to the next. */
export interface PhotoConditions {
  /** Fluke centre (the notch) as a share of the image width and height. */
  centreX: number;
  centreY: number;
  /** Half-span of the fluke as a share of the image width. */
  scale: number;
  /** Rotation in radians. */
  rotation: number;
  /** Vertical squash of the fluke (it is raised at different angles to the camera). */
  tilt: number;
  /** Mild perspective: how much the far side shrinks, across and up-down. */
  perspectiveX: number;
  perspectiveY: number;
  /** Brightness factor of the whole scene and a warm (+) or cold (-) colour cast. */
  light: number;
  cast: number;
  /** Where the horizon is (share of the height) and the sky and sea tones. */
  horizon: number;
  skyTone: number;
  seaTone: number;
  /** Wave streaks on the sea: y (share of height), x start and length (share of width). */
  waves: Array<{ y: number; x: number; length: number }>;
  /** Height of the water in front of the peduncle, in the fluke's frame (from the notch). */
  waterLine: number;
  /** Drops falling off the trailing edge: position along the edge (-1..1) and length. */
  spray: Array<{ along: number; length: number }>;
  /** A splash in front of the fluke, in the fluke's frame, or null. */
  occlusion: { x: number; y: number; radius: number; opacity: number } | null;
  /** Gaussian blur sigma in pixels (0 = sharp). */
  blur: number;
}

/**
 * Draws one photo's conditions. `difficulty` (0..1) widens every range: pose, light, spray,
 * occlusion and blur; at 0 photos of a whale differ only a little.
 */
export function drawPhotoConditions(random: SeededRandom, difficulty: number): PhotoConditions {
  const d = Math.min(1, Math.max(0, difficulty));
  const spread = (amount: number) => random.uniform(-amount, amount);
  const horizon = random.uniform(0.15, 0.45);
  const waves = Array.from({ length: 4 + random.int(8) }, () => ({
    y: random.uniform(horizon + 0.03, 1),
    x: random.uniform(-0.1, 0.9),
    length: random.uniform(0.1, 0.4),
  }));
  const spray = random.next() < 0.3 + 0.5 * d
    ? Array.from({ length: 2 + random.int(10) }, () => ({ along: random.uniform(-0.95, 0.95), length: random.uniform(0.05, 0.3) }))
    : [];
  const occlusion = random.next() < 0.6 * d
    ? { x: random.uniform(-0.8, 0.8), y: random.uniform(0, 0.3), radius: random.uniform(0.12, 0.3), opacity: random.uniform(0.6, 0.95) }
    : null;
  return {
    centreX: 0.5 + spread(0.04 + 0.1 * d),
    centreY: 0.45 + spread(0.04 + 0.08 * d),
    scale: random.uniform(0.41 - 0.12 * d, 0.45),
    rotation: (spread(4 + 14 * d) * Math.PI) / 180,
    tilt: 1 + spread(0.05 + 0.25 * d),
    perspectiveX: spread(0.05 + 0.25 * d),
    perspectiveY: spread(0.05 + 0.2 * d),
    light: 1 + spread(0.1 + 0.3 * d),
    cast: spread(0.1),
    horizon,
    skyTone: random.uniform(150, 235),
    seaTone: random.uniform(50, 120),
    waves,
    waterLine: random.uniform(0.45, 0.65),
    spray,
    occlusion,
    blur: random.next() < 0.3 + 0.5 * d ? random.uniform(0.3, 0.5 + 1.2 * d) : 0,
  };
}
