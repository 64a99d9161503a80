import { SpatialGrid } from '../../src/shared/spatialGrid';

/** How each point is drawn: an index into `palette` (-1: muted) and whether it is picked out. */
export interface PointStyle {
  colours: Int32Array;
  palette: string[];
  muted: string;
  /** Null: nothing picked out; else 1 for the points picked out (the rest fade). */
  highlighted: Uint8Array | null;
  ring: string;
  background: string;
}

export interface ScatterEvents {
  hover(index: number | null, clientX: number, clientY: number): void;
  click(index: number): void;
  select(indices: number[]): void;
}

const animationMs = 700;
const pointRadius = 2.5;
const hoverRadius = 8;

/**
 * One map drawn on a canvas. Positions live in typed arrays; each frame writes every point's
 * square straight into a 32-bit pixel buffer (colours blended once per style) and puts it on
 * the canvas in one call, which keeps 20,000 points smooth where 20,000 fillRect calls were
 * not. Hover and the selection box go on a second canvas above, so moving the pointer never
 * redraws the points. A new epoch moves every
 * image that both maps show from its old place to its new one.
 */
export class ScatterView {
  readonly element: HTMLElement;
  private readonly base: HTMLCanvasElement;
  private readonly overlay: HTMLCanvasElement;
  private count = 0;
  private imageIds: number[] = [];
  private from = new Float32Array(0);
  private to = new Float32Array(0);
  private current = new Float32Array(0);
  private animationStart = 0;
  private animating = false;
  private style: PointStyle | null = null;
  /** The style turned into paint order and 32-bit pixel colours, once per style. */
  private paint: Paint | null = null;
  private image: ImageData | null = null;
  private pixels = new Uint32Array(0);
  /** Screen (CSS pixel) positions of the last frame, for hit tests. */
  private screenX = new Float32Array(0);
  private screenY = new Float32Array(0);
  private grid: SpatialGrid | null = null;
  /** Half the width and height of the map's extent (in map units), fitted into the canvas. */
  private extent = { x: 1, y: 1 };
  private zoom = 1;
  private panX = 0;
  private panY = 0;
  private hovered = -1;
  private drag: { x: number; y: number; box: boolean; moved: boolean } | null = null;
  private box: { left: number; top: number; right: number; bottom: number } | null = null;
  /** Points whose screen position is written to data-probe-points after each still frame. */
  probe: number[] = [];

  constructor(
    testId: string,
    private readonly events: ScatterEvents,
  ) {
    this.base = document.createElement('canvas');
    this.overlay = document.createElement('canvas');
    this.base.className = 'scatter-base';
    this.overlay.className = 'scatter-overlay';
    this.overlay.tabIndex = 0;
    this.overlay.setAttribute('role', 'img');
    this.element = document.createElement('div');
    this.element.className = 'scatter';
    this.element.dataset.testid = testId;
    this.element.append(this.base, this.overlay);
    new ResizeObserver(() => this.draw()).observe(this.element);
    this.listen();
  }

  /** Shows a map; images shown before move from their old place (`animate`) or jump there. */
  setPoints(imageIds: number[], xy: ArrayLike<number>, animate: boolean): void {
    const previous = new Map(this.imageIds.map((id, index) => [id, index]));
    const start = new Float32Array(xy.length);
    for (let i = 0; i < imageIds.length; i++) {
      const old = animate ? previous.get(imageIds[i]!) : undefined;
      start[2 * i] = old === undefined ? xy[2 * i]! : this.current[2 * old]!;
      start[2 * i + 1] = old === undefined ? xy[2 * i + 1]! : this.current[2 * old + 1]!;
    }
    this.imageIds = imageIds;
    this.count = imageIds.length;
    this.from = start;
    this.to = Float32Array.from(xy);
    this.extent = extentOf(this.to);
    this.current = Float32Array.from(start);
    this.hovered = -1;
    this.element.dataset.settled = 'false';
    this.animationStart = performance.now();
    if (!this.animating) {
      this.animating = true;
      requestAnimationFrame((now) => this.step(now));
    }
  }

  setStyle(style: PointStyle): void {
    this.style = style;
    this.paint = paintOf(style);
    this.draw();
  }

  resetView(): void {
    this.zoom = 1;
    this.panX = 0;
    this.panY = 0;
    this.draw();
  }

  private step(now: number): void {
    const t = Math.min(1, (now - this.animationStart) / animationMs);
    const eased = t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2;
    for (let i = 0; i < this.current.length; i++) this.current[i] = this.from[i]! + (this.to[i]! - this.from[i]!) * eased;
    this.draw();
    if (t < 1) {
      requestAnimationFrame((next) => this.step(next));
      return;
    }
    this.animating = false;
    this.element.dataset.settled = 'true';
    // Draw once more now that hit testing is on: the grid is built only for a still frame.
    this.draw();
  }

  /** The transform from map units (unit spread, about [-3, 3]) to CSS pixels. */
  private transform(): { scale: number; cx: number; cy: number; width: number; height: number } {
    const width = this.element.clientWidth;
    const height = this.element.clientHeight;
    const margin = 16;
    const scale = Math.max(1e-6, Math.min((width / 2 - margin) / this.extent.x, (height / 2 - margin) / this.extent.y)) * this.zoom;
    return { scale, cx: width / 2 + this.panX, cy: height / 2 + this.panY, width, height };
  }

  private draw(): void {
    const style = this.style;
    const { scale, cx, cy, width, height } = this.transform();
    const ratio = window.devicePixelRatio || 1;
    for (const canvas of [this.base, this.overlay]) {
      if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
        canvas.width = Math.round(width * ratio);
        canvas.height = Math.round(height * ratio);
      }
    }
    // A hidden map (no run B) has no size: nothing to draw, and ImageData cannot be empty.
    if (this.base.width === 0 || this.base.height === 0) return;
    const context = this.base.getContext('2d')!;
    if (!this.image || this.image.width !== this.base.width || this.image.height !== this.base.height) {
      this.image = context.createImageData(this.base.width, this.base.height);
      this.pixels = new Uint32Array(this.image.data.buffer);
    }
    const pixels = this.pixels;
    const [pixelWidth, pixelHeight] = [this.image.width, this.image.height];
    pixels.fill(this.paint?.background ?? 0);
    if (this.screenX.length !== this.count) {
      this.screenX = new Float32Array(this.count);
      this.screenY = new Float32Array(this.count);
    }
    for (let i = 0; i < this.count; i++) {
      this.screenX[i] = cx + this.current[2 * i]! * scale;
      this.screenY[i] = cy - this.current[2 * i + 1]! * scale;
    }
    let drawn = 0;
    const paint = this.paint;
    if (style && paint && style.colours.length === this.count) {
      // Squares written straight into the pixel buffer, in paint order (faded first, picked last).
      const side = Math.max(1, Math.round(pointRadius * 2 * ratio));
      for (let k = 0; k < paint.order.length; k++) {
        const i = paint.order[k]!;
        const left = Math.round((this.screenX[i]! - pointRadius) * ratio);
        const top = Math.round((this.screenY[i]! - pointRadius) * ratio);
        if (!(left + side > 0 && left < pixelWidth && top + side > 0 && top < pixelHeight)) continue;
        const colour = paint.colours[k]!;
        const [from, to] = [Math.max(0, left), Math.min(pixelWidth, left + side)];
        for (let y = Math.max(0, top); y < Math.min(pixelHeight, top + side); y++) pixels.fill(colour, y * pixelWidth + from, y * pixelWidth + to);
        drawn++;
      }
    }
    context.putImageData(this.image, 0, 0);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    if (style && style.colours.length === this.count) {
      let picked = 0;
      if (style.highlighted) {
        context.globalAlpha = 1;
        context.strokeStyle = style.ring;
        context.lineWidth = 1.5;
        context.beginPath();
        for (let i = 0; i < this.count; i++) {
          if (style.highlighted[i] !== 1) continue;
          picked++;
          context.moveTo(this.screenX[i]! + 5, this.screenY[i]!);
          context.arc(this.screenX[i]!, this.screenY[i]!, 5, 0, 2 * Math.PI);
        }
        context.stroke();
      }
      this.element.dataset.highlightedPoints = String(picked);
    }
    // What the user sees, in the DOM: the number of points drawn and where a few of them are.
    this.element.dataset.drawnPoints = String(drawn);
    this.grid = this.animating ? null : new SpatialGrid(this.screenX, this.screenY, width, height);
    if (!this.animating) {
      this.element.dataset.probePoints = JSON.stringify(this.probe.filter((i) => i < this.count).map((i) => ({ index: i, imageId: this.imageIds[i], x: this.screenX[i], y: this.screenY[i] })));
    }
    this.drawOverlay();
  }

  private drawOverlay(): void {
    const ratio = window.devicePixelRatio || 1;
    const context = this.overlay.getContext('2d')!;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, this.overlay.width, this.overlay.height);
    if (!this.style) return;
    context.strokeStyle = this.style.ring;
    context.lineWidth = 2;
    if (this.hovered >= 0 && this.hovered < this.count) {
      context.beginPath();
      context.arc(this.screenX[this.hovered]!, this.screenY[this.hovered]!, 7, 0, 2 * Math.PI);
      context.stroke();
    }
    if (this.box) {
      context.setLineDash([4, 3]);
      context.strokeRect(this.box.left, this.box.top, this.box.right - this.box.left, this.box.bottom - this.box.top);
      context.setLineDash([]);
    }
  }

  private local(event: MouseEvent): { x: number; y: number } {
    const rect = this.overlay.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }

  private listen(): void {
    const overlay = this.overlay;
    overlay.addEventListener('pointerdown', (event) => {
      const { x, y } = this.local(event);
      this.drag = { x, y, box: event.shiftKey, moved: false };
      overlay.setPointerCapture(event.pointerId);
    });
    overlay.addEventListener('pointermove', (event) => {
      const { x, y } = this.local(event);
      const drag = this.drag;
      if (drag) {
        if (Math.abs(x - drag.x) + Math.abs(y - drag.y) > 3) drag.moved = true;
        if (drag.box) {
          this.box = { left: Math.min(drag.x, x), top: Math.min(drag.y, y), right: Math.max(drag.x, x), bottom: Math.max(drag.y, y) };
          this.drawOverlay();
        } else if (drag.moved) {
          this.panX += event.movementX;
          this.panY += event.movementY;
          this.draw();
        }
        return;
      }
      const index = this.grid ? this.grid.nearest(x, y, hoverRadius) : -1;
      if (index !== this.hovered) {
        this.hovered = index;
        this.drawOverlay();
      }
      this.events.hover(index >= 0 ? index : null, event.clientX, event.clientY);
    });
    overlay.addEventListener('pointerleave', () => {
      if (this.drag) return;
      this.hovered = -1;
      this.drawOverlay();
      this.events.hover(null, 0, 0);
    });
    overlay.addEventListener('pointerup', (event) => {
      const drag = this.drag;
      this.drag = null;
      if (!drag) return;
      if (drag.box && this.box && this.grid) {
        this.events.select(this.grid.within(this.box.left, this.box.top, this.box.right, this.box.bottom));
        this.box = null;
        this.drawOverlay();
        return;
      }
      if (!drag.moved && this.grid) {
        const { x, y } = this.local(event);
        const index = this.grid.nearest(x, y, hoverRadius);
        if (index >= 0) this.events.click(index);
      }
    });
    overlay.addEventListener(
      'wheel',
      (event) => {
        event.preventDefault();
        const { x, y } = this.local(event);
        const { cx, cy } = this.transform();
        const factor = Math.exp(-event.deltaY * 0.0015);
        const zoom = Math.min(60, Math.max(0.5, this.zoom * factor));
        const applied = zoom / this.zoom;
        // Keep the point under the pointer where it is.
        this.panX += (x - cx) * (1 - applied);
        this.panY += (y - cy) * (1 - applied);
        this.zoom = zoom;
        this.draw();
      },
      { passive: false },
    );
  }
}

/** Half-extents that hold every point, so that none is off the canvas at the start. */
function extentOf(xy: Float32Array): { x: number; y: number } {
  const count = xy.length / 2;
  if (count === 0) return { x: 1, y: 1 };
  const xs = new Float32Array(count);
  const ys = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    xs[i] = Math.abs(xy[2 * i]!);
    ys[i] = Math.abs(xy[2 * i + 1]!);
  }
  xs.sort();
  ys.sort();
  return { x: Math.max(1e-3, xs[count - 1]!), y: Math.max(1e-3, ys[count - 1]!) };
}

interface Paint {
  /** Point indices in the order they are painted, and the pixel colour of each, index-aligned. */
  order: Int32Array;
  colours: Uint32Array;
  background: number;
}

let colourProbe: CanvasRenderingContext2D | null = null;

/** A CSS colour (hex, rgb(), hsl(), a name) as red, green, blue in 0..255, read back from a 1-pixel canvas. */
function channelsOf(colour: string): [number, number, number] {
  colourProbe ??= document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;
  colourProbe.clearRect(0, 0, 1, 1);
  colourProbe.fillStyle = '#000000';
  colourProbe.fillStyle = colour;
  colourProbe.fillRect(0, 0, 1, 1);
  const [r, g, b] = colourProbe.getImageData(0, 0, 1, 1).data;
  return [r!, g!, b!];
}

/** An opaque pixel (little-endian RGBA) of `colour` laid over `background` with `alpha`. */
function blended(colour: [number, number, number], background: [number, number, number], alpha: number): number {
  const [r, g, b] = colour.map((channel, index) => Math.round(channel * alpha + background[index]! * (1 - alpha)));
  return ((255 << 24) | (b! << 16) | (g! << 8) | r!) >>> 0;
}

function paintOf(style: PointStyle): Paint {
  const background = channelsOf(style.background);
  const palette = style.palette.map(channelsOf);
  const muted = channelsOf(style.muted);
  const count = style.colours.length;
  // Muted before coloured; with a highlight, everything faded before the picked-out points.
  const rank = (i: number) => (style.highlighted?.[i] === 1 ? 2 : 0) + (style.colours[i]! < 0 ? 0 : 1);
  const order = Int32Array.from({ length: count }, (_, i) => i).sort((a, b) => rank(a) - rank(b) || style.colours[a]! - style.colours[b]!);
  const colours = new Uint32Array(count);
  order.forEach((i, k) => {
    const colour = style.colours[i]!;
    const faded = style.highlighted !== null && style.highlighted[i] !== 1;
    const alpha = (colour < 0 ? 0.45 : 0.9) * (faded ? 0.2 : 1);
    colours[k] = blended(colour < 0 ? muted : palette[colour]!, background, alpha);
  });
  return { order, colours, background: blended(background, background, 1) };
}
