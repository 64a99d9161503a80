import type { FlukeIdentity, LobeShape, PigmentBlob } from './flukeIdentity';
import { lobeChord, trailingEdgeBase } from './flukeIdentity';
import type { PhotoConditions } from './photoConditions';

interface Point {
  x: number;
  y: number;
}

const edgeSteps = 90;

function serrationAt(lobe: LobeShape, t: number): number {
  const position = t * (lobe.serration.length - 1);
  const knot = Math.min(lobe.serration.length - 2, Math.floor(position));
  const share = position - knot;
  const serration = lobe.serration[knot]! * (1 - share) + lobe.serration[knot + 1]! * share;
  const nicks = lobe.nicks.reduce((sum, nick) => sum + nick.depth * Math.max(0, 1 - Math.abs(t - nick.at) / nick.width), 0);
  return serration * (1 - t ** 4) + nicks;
}

/** The fluke's outline in its own frame: right trailing edge out to the tip, leading edge back, peduncle, then the left lobe. */
export function flukeOutline(identity: FlukeIdentity): Point[] {
  const lobePoints = (lobe: LobeShape, side: -1 | 1) => {
    const trailing: Point[] = [];
    const leading: Point[] = [];
    const peduncleT = identity.peduncleWidth / lobe.span;
    for (let step = 0; step <= edgeSteps; step++) {
      const t = step / edgeSteps;
      const base = trailingEdgeBase(lobe, identity, t);
      trailing.push({ x: side * t * lobe.span, y: base + serrationAt(lobe, t) });
      if (t >= peduncleT) leading.push({ x: side * t * lobe.span, y: base + lobeChord(lobe, t) });
    }
    return { trailing, leading: leading.reverse() };
  };
  const right = lobePoints(identity.right, 1);
  const left = lobePoints(identity.left, -1);
  const stock = identity.peduncleWidth * 1.15;
  return [
    ...right.trailing,
    ...right.leading,
    { x: stock, y: 1.2 },
    { x: -stock, y: 1.2 },
    ...left.leading.reverse(),
    ...left.trailing.reverse(),
  ];
}

function blobOutline(blob: PigmentBlob): Point[] {
  const cos = Math.cos(blob.angle);
  const sin = Math.sin(blob.angle);
  const points: Point[] = [];
  const steps = 24;
  for (let step = 0; step < steps; step++) {
    const angle = (2 * Math.PI * step) / steps;
    // Wobble interpolated between its 12 knots so the outline stays smooth.
    const position = (step / steps) * blob.wobble.length;
    const knot = Math.floor(position);
    const share = position - knot;
    const wobble = blob.wobble[knot]! * (1 - share) + blob.wobble[(knot + 1) % blob.wobble.length]! * share;
    const x = Math.cos(angle) * blob.radiusX * wobble;
    const y = Math.sin(angle) * blob.radiusY * wobble;
    points.push({ x: blob.x + cos * x - sin * y, y: blob.y + sin * x + cos * y });
  }
  return points;
}

function circleOutline(x: number, y: number, radius: number): Point[] {
  return Array.from({ length: 10 }, (_, step) => ({
    x: x + radius * Math.cos((2 * Math.PI * step) / 10),
    y: y + radius * Math.sin((2 * Math.PI * step) / 10),
  }));
}

/** Grey tone to an RGB colour under the photo's light and colour cast, with an optional blue tint (sky, sea). */
function colour(tone: number, conditions: PhotoConditions, tint: [number, number, number] = [1, 1, 1]): string {
  const channel = (factor: number, castSign: number) =>
    Math.round(Math.min(255, Math.max(0, tone * conditions.light * factor * (1 + castSign * conditions.cast * 0.3))));
  return `rgb(${channel(tint[0], 1)},${channel(tint[1], 0)},${channel(tint[2], -1)})`;
}

/**
 * One photo of a fluke as an SVG document of `width` x `height` pixels. The fluke and its
 * markings are computed in the fluke's frame and projected through the photo's pose (scale,
 * tilt, mild perspective, rotation, offset), so markings follow the silhouette exactly.
 */
export function renderFlukeSvg(identity: FlukeIdentity, conditions: PhotoConditions, width: number, height: number): string {
  const unit = conditions.scale * width;
  const cos = Math.cos(conditions.rotation);
  const sin = Math.sin(conditions.rotation);
  const project = (point: Point): Point => {
    const w = 1 + conditions.perspectiveX * point.x + conditions.perspectiveY * point.y;
    const x = point.x / w;
    const y = (point.y * conditions.tilt) / w;
    return {
      x: conditions.centreX * width + (cos * x - sin * y) * unit,
      y: conditions.centreY * height + (sin * x + cos * y) * unit,
    };
  };
  const path = (points: Point[]) =>
    points.map((point, i) => {
      const p = project(point);
      return `${i === 0 ? 'M' : 'L'}${p.x.toFixed(2)} ${p.y.toFixed(2)}`;
    }).join('') + 'Z';

  const outline = flukeOutline(identity);
  const dark = colour(identity.darkTone, conditions);
  const light = colour(identity.lightTone, conditions);
  const horizonY = conditions.horizon * height;
  const water = project({ x: 0, y: conditions.waterLine });
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`);
  parts.push('<defs>');
  parts.push(
    `<linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${colour(conditions.skyTone * 0.85, conditions, [0.8, 0.88, 1])}"/><stop offset="1" stop-color="${colour(conditions.skyTone, conditions, [0.92, 0.95, 1])}"/></linearGradient>`,
  );
  parts.push(
    `<linearGradient id="sea" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${colour(conditions.seaTone * 1.2, conditions, [0.7, 0.85, 1])}"/><stop offset="1" stop-color="${colour(conditions.seaTone * 0.8, conditions, [0.6, 0.8, 1])}"/></linearGradient>`,
  );
  parts.push(
    `<linearGradient id="shade" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#fff" stop-opacity="0.12"/><stop offset="1" stop-color="#000" stop-opacity="0.3"/></linearGradient>`,
  );
  parts.push(`<clipPath id="fluke"><path d="${path(outline)}"/></clipPath>`);
  parts.push(`<filter id="soft" x="-50%" y="-50%" width="200%" height="200%"><feGaussianBlur stdDeviation="${(unit * 0.03).toFixed(2)}"/></filter>`);
  parts.push('</defs>');
  parts.push(`<rect width="${width}" height="${height}" fill="url(#sky)"/>`);
  parts.push(`<rect y="${horizonY.toFixed(2)}" width="${width}" height="${(height - horizonY).toFixed(2)}" fill="url(#sea)"/>`);
  for (const wave of conditions.waves) {
    const y = (wave.y * height).toFixed(2);
    parts.push(
      `<path d="M${(wave.x * width).toFixed(2)} ${y}q${((wave.length * width) / 2).toFixed(2)} -1.5 ${(wave.length * width).toFixed(2)} 0" stroke="${colour(conditions.seaTone * 1.6, conditions, [0.8, 0.9, 1])}" stroke-opacity="0.5" fill="none"/>`,
    );
  }
  parts.push(`<path d="${path(outline)}" fill="${dark}"/>`);
  parts.push('<g clip-path="url(#fluke)">');
  for (const blob of identity.whitePatches) parts.push(`<path d="${path(blobOutline(blob))}" fill="${light}"/>`);
  for (const spot of identity.blackSpots) parts.push(`<path d="${path(circleOutline(spot.x, spot.y, spot.radius))}" fill="${dark}"/>`);
  for (const rake of identity.scars) {
    for (const line of rake) {
      const from = project({ x: line.x1, y: line.y1 });
      const to = project({ x: line.x2, y: line.y2 });
      parts.push(
        `<line x1="${from.x.toFixed(2)}" y1="${from.y.toFixed(2)}" x2="${to.x.toFixed(2)}" y2="${to.y.toFixed(2)}" stroke="${light}" stroke-width="${(unit * 0.012).toFixed(2)}" stroke-opacity="0.85"/>`,
      );
    }
  }
  // The dark margin real flukes have along their edges.
  parts.push(`<path d="${path(outline)}" fill="none" stroke="${dark}" stroke-width="${(unit * 0.05).toFixed(2)}"/>`);
  parts.push(`<rect width="${width}" height="${height}" fill="url(#shade)"/>`);
  parts.push('</g>');
  // Water drops streaming off the trailing edge.
  for (const drop of conditions.spray) {
    const side = drop.along < 0 ? identity.left : identity.right;
    const t = Math.abs(drop.along);
    const top = project({ x: drop.along * side.span, y: trailingEdgeBase(side, identity, t) + lobeChord(side, t) });
    const bottom = project({ x: drop.along * side.span, y: trailingEdgeBase(side, identity, t) + lobeChord(side, t) + drop.length });
    parts.push(
      `<line x1="${top.x.toFixed(2)}" y1="${top.y.toFixed(2)}" x2="${bottom.x.toFixed(2)}" y2="${bottom.y.toFixed(2)}" stroke="#f4f8fb" stroke-opacity="0.6" stroke-width="${(unit * 0.02).toFixed(2)}" stroke-linecap="round"/>`,
    );
  }
  // The sea in front of the peduncle, with a foam line.
  const waterY = Math.min(height - 2, water.y);
  let surface = `M0 ${waterY.toFixed(2)}`;
  for (let x = 0; x <= width; x += width / 12) surface += `L${x.toFixed(2)} ${(waterY + Math.sin(x * 0.3 + conditions.horizon * 40) * 1.5).toFixed(2)}`;
  parts.push(`<path d="${surface}L${width} ${height}L0 ${height}Z" fill="url(#sea)"/>`);
  parts.push(`<path d="${surface}" stroke="#eef4f6" stroke-opacity="0.7" stroke-width="${(unit * 0.03).toFixed(2)}" fill="none" filter="url(#soft)"/>`);
  if (conditions.occlusion) {
    const centre = project({ x: conditions.occlusion.x, y: conditions.occlusion.y });
    parts.push(
      `<ellipse cx="${centre.x.toFixed(2)}" cy="${centre.y.toFixed(2)}" rx="${(conditions.occlusion.radius * unit).toFixed(2)}" ry="${(conditions.occlusion.radius * unit * 0.7).toFixed(2)}" fill="#f2f6f8" fill-opacity="${conditions.occlusion.opacity.toFixed(2)}" filter="url(#soft)"/>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}
