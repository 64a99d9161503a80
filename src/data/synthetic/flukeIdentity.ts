import type { SeededRandom } from '../../random/seededRandom';

/** One lobe's shape, in the fluke's own frame (half-span about 1, y pointing down). */
export interface LobeShape {
  span: number;
  /** How far the tip rises above the notch. */
  sweep: number;
  /** Backward bulge of the trailing edge between notch and tip. */
  bulge: number;
  /** Extra upward curl of the last quarter towards the tip. */
  tipCurl: number;
  /** Widest front-to-back depth of the lobe. */
  chord: number;
  /** Offsets of the trailing edge at evenly spaced knots: the serration, unique to the whale. */
  serration: number[];
  /** Bites out of the trailing edge (from orcas, ship strikes): position along the lobe, width, depth. */
  nicks: Array<{ at: number; width: number; depth: number }>;
}

/** A patch of the ventral pigmentation: an irregular blob, in the fluke's frame. */
export interface PigmentBlob {
  x: number;
  y: number;
  radiusX: number;
  radiusY: number;
  angle: number;
  /** Radial wobble of the outline at 12 evenly spaced angles (multiplies the radius). */
  wobble: number[];
}

/** Everything that makes one synthetic whale recognisable, the same in all its photos. */
export interface FlukeIdentity {
  left: LobeShape;
  right: LobeShape;
  notchDepth: number;
  notchWidth: number;
  peduncleWidth: number;
  /** Grey level (0..255) of the dark skin and of the white markings. */
  darkTone: number;
  lightTone: number;
  /** Markings relative to the notch: white patches, then black spots on top, then scars. */
  whitePatches: PigmentBlob[];
  blackSpots: Array<{ x: number; y: number; radius: number }>;
  /** Rake marks: groups of parallel thin light lines. */
  scars: Array<Array<{ x1: number; y1: number; x2: number; y2: number }>>;
}

/** The undisturbed trailing edge of a lobe at t (0 = notch, 1 = tip), without serration or nicks. */
export function trailingEdgeBase(lobe: LobeShape, identity: Pick<FlukeIdentity, 'notchDepth' | 'notchWidth'>, t: number): number {
  const notch = identity.notchDepth * Math.exp(-((t / identity.notchWidth) ** 2));
  const curl = t > 0.75 ? lobe.tipCurl * ((t - 0.75) / 0.25) ** 2 : 0;
  return notch - lobe.sweep * t ** 1.6 - lobe.bulge * Math.sin(Math.PI * t) - curl;
}

/** Front-to-back depth of a lobe at t, tapering to a point at the tip. */
export function lobeChord(lobe: LobeShape, t: number): number {
  return lobe.chord * Math.max(0, 1 - t ** 2.4) ** 0.55;
}

function drawLobe(random: SeededRandom, base: { sweep: number; chord: number; tipCurl: number; bulge: number }, serrationAmplitude: number): LobeShape {
  const serration = Array.from({ length: 36 }, () => random.normal() * serrationAmplitude);
  const nicks = Array.from({ length: random.int(3) }, () => ({
    at: random.uniform(0.15, 0.9),
    width: random.uniform(0.025, 0.06),
    depth: random.uniform(0.04, 0.09),
  }));
  return {
    span: random.uniform(0.95, 1.05),
    sweep: base.sweep * random.uniform(0.85, 1.15),
    bulge: base.bulge * random.uniform(0.8, 1.2),
    tipCurl: base.tipCurl * random.uniform(0.7, 1.3),
    chord: base.chord * random.uniform(0.9, 1.1),
    serration,
    nicks,
  };
}

function drawBlob(random: SeededRandom, x: number, y: number, radiusX: number, radiusY: number): PigmentBlob {
  return {
    x,
    y,
    radiusX,
    radiusY,
    angle: random.uniform(-0.6, 0.6),
    wobble: Array.from({ length: 12 }, () => random.uniform(0.7, 1.25)),
  };
}

/** A point on a lobe's underside: along the span at t, a share `depth` of the way from trailing to leading edge. */
function pointOnLobe(lobe: LobeShape, identity: Pick<FlukeIdentity, 'notchDepth' | 'notchWidth'>, side: -1 | 1, t: number, depth: number) {
  const top = trailingEdgeBase(lobe, identity, t);
  return { x: side * t * lobe.span, y: top + depth * lobeChord(lobe, t) };
}

/**
 * Draws a whale: silhouette (lobe span, sweep, tip curl, notch, serrated and nicked trailing
 * edge, each lobe a little different from the other) and pigmentation (white patches, black
 * spots, rake scars). Like real humpbacks, some are nearly all dark and some nearly all white.
 */
export function drawFlukeIdentity(random: SeededRandom): FlukeIdentity {
  const base = {
    sweep: random.uniform(0.05, 0.3),
    chord: random.uniform(0.3, 0.45),
    tipCurl: random.uniform(0, 0.15),
    bulge: random.uniform(-0.04, 0.08),
  };
  const serrationAmplitude = random.uniform(0.004, 0.013);
  const identity: FlukeIdentity = {
    left: drawLobe(random, base, serrationAmplitude),
    right: drawLobe(random, base, serrationAmplitude),
    notchDepth: random.uniform(0.04, 0.12),
    notchWidth: random.uniform(0.04, 0.09),
    peduncleWidth: random.uniform(0.1, 0.15),
    darkTone: random.uniform(18, 55),
    lightTone: random.uniform(205, 245),
    whitePatches: [],
    blackSpots: [],
    scars: [],
  };
  const whiteness = random.next();
  const patchCount = Math.round(whiteness * 6);
  for (let i = 0; i < patchCount; i++) {
    const side: -1 | 1 = random.next() < 0.5 ? -1 : 1;
    const lobe = side < 0 ? identity.left : identity.right;
    const centre = pointOnLobe(lobe, identity, side, random.uniform(0.08, 0.8), random.uniform(0.25, 0.75));
    const size = 0.08 + whiteness * random.uniform(0.08, 0.3);
    identity.whitePatches.push(drawBlob(random, centre.x, centre.y, size, size * random.uniform(0.35, 0.7)));
  }
  // A white centre around the notch, symmetric, seen on many humpbacks.
  if (random.next() < whiteness) {
    identity.whitePatches.push(drawBlob(random, 0, identity.notchDepth + random.uniform(0.1, 0.2), random.uniform(0.15, 0.35), random.uniform(0.08, 0.15)));
  }
  const spotCount = random.int(patchCount > 0 ? 9 : 3);
  for (let i = 0; i < spotCount; i++) {
    const side: -1 | 1 = random.next() < 0.5 ? -1 : 1;
    const lobe = side < 0 ? identity.left : identity.right;
    const centre = pointOnLobe(lobe, identity, side, random.uniform(0.05, 0.85), random.uniform(0.15, 0.85));
    identity.blackSpots.push({ ...centre, radius: random.uniform(0.015, 0.045) });
  }
  const scarCount = random.int(3);
  for (let i = 0; i < scarCount; i++) {
    const side: -1 | 1 = random.next() < 0.5 ? -1 : 1;
    const lobe = side < 0 ? identity.left : identity.right;
    const start = pointOnLobe(lobe, identity, side, random.uniform(0.1, 0.75), random.uniform(0.1, 0.5));
    const angle = random.uniform(0.3, 1.3) * (random.next() < 0.5 ? -1 : 1);
    const length = random.uniform(0.12, 0.28);
    const lines = 2 + random.int(3);
    const spacing = random.uniform(0.025, 0.04);
    identity.scars.push(
      Array.from({ length: lines }, (_, k) => {
        const shiftX = -Math.sin(angle) * spacing * k;
        const shiftY = Math.cos(angle) * spacing * k;
        return {
          x1: start.x + shiftX,
          y1: start.y + shiftY,
          x2: start.x + shiftX + Math.cos(angle) * length,
          y2: start.y + shiftY + Math.sin(angle) * length,
        };
      }),
    );
  }
  return identity;
}
