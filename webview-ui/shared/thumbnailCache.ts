import type { ThumbnailSize, ThumbnailSource } from '../../src/protocol/retrievalContract';
import { codicon, h } from './dom';

type Request = (runId: number, imageIds: number[], size: ThumbnailSize) => void;

const key = (runId: number, imageId: number, size: ThumbnailSize) => `${runId}:${imageId}:${size}`;

/**
 * Image slots that fill in when the host sends their thumbnail. The page never reads files:
 * it asks the host (batched per frame) and the host answers with data: URIs.
 */
export class ThumbnailCache {
  private readonly sources = new Map<string, string | null>();
  private readonly pending = new Set<string>();
  private batch = new Map<string, { runId: number; size: ThumbnailSize; imageIds: Set<number> }>();
  private scheduled = false;

  constructor(private readonly request: Request) {}

  /** An element showing the image (a placeholder until it arrives). */
  slot(runId: number, imageId: number, size: ThumbnailSize, alt: string, testId?: string): HTMLElement {
    const slotKey = key(runId, imageId, size);
    const wrapper = h('span', { class: `thumb-slot ${size}`, 'data-thumb-key': slotKey, 'data-testid': testId, 'data-image-id': imageId });
    this.fill(wrapper, slotKey, alt);
    if (!this.sources.has(slotKey)) this.ask(runId, imageId, size);
    return wrapper;
  }

  receive(images: readonly ThumbnailSource[]): void {
    for (const image of images) {
      const imageKey = key(image.runId, image.imageId, image.size);
      this.sources.set(imageKey, image.src);
      this.pending.delete(imageKey);
      for (const wrapper of document.querySelectorAll<HTMLElement>(`[data-thumb-key="${imageKey}"]`)) {
        this.fill(wrapper, imageKey, wrapper.dataset.alt ?? '');
      }
    }
  }

  private fill(wrapper: HTMLElement, slotKey: string, alt: string): void {
    wrapper.dataset.alt = alt;
    const src = this.sources.get(slotKey);
    if (src) {
      wrapper.replaceChildren(h('img', { class: 'thumb', src, alt, loading: 'lazy', decoding: 'async' }));
    } else {
      const text = src === null ? 'image unavailable' : 'loading…';
      wrapper.replaceChildren(h('span', { class: 'thumb placeholder', role: 'img', 'aria-label': `${alt} (${text})`, title: text }, codicon(src === null ? 'warning' : 'file-media')));
    }
  }

  private ask(runId: number, imageId: number, size: ThumbnailSize): void {
    const imageKey = key(runId, imageId, size);
    if (this.pending.has(imageKey)) return;
    this.pending.add(imageKey);
    const batchKey = `${runId}:${size}`;
    const entry = this.batch.get(batchKey) ?? { runId, size, imageIds: new Set<number>() };
    entry.imageIds.add(imageId);
    this.batch.set(batchKey, entry);
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      const batches = this.batch;
      this.batch = new Map();
      for (const { runId: run, size: batchSize, imageIds } of batches.values()) {
        const ids = [...imageIds];
        for (let start = 0; start < ids.length; start += 200) this.request(run, ids.slice(start, start + 200), batchSize);
      }
    });
  }
}
