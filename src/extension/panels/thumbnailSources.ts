import * as vscode from 'vscode';
import { makeThumbnail } from '../../protocol/rpc';
import type { ThumbnailSize, ThumbnailSource } from '../../protocol/retrievalContract';
import type { PanelServe } from './panelServe';

/** Thumbnail sizes in pixels; fluke photos are wide (1:2), so are the thumbnails. */
const pixels: Record<ThumbnailSize, { width: number; height: number }> = {
  small: { width: 192, height: 96 },
  large: { width: 768, height: 384 },
};
const maxCached = 3000;

/**
 * Image sources for the panels: `fluke serve` makes a PNG thumbnail (it reads photos and
 * Fashion-MNIST's virtual `file#index` paths alike) and the host hands it to the page as a
 * data: URI, so the page needs no resource root for the data set or the cache.
 */
export class ThumbnailSources {
  private readonly cache = new Map<string, string | null>();

  constructor(
    private readonly serve: PanelServe,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async sources(runId: number, imageIds: readonly number[], size: ThumbnailSize): Promise<ThumbnailSource[]> {
    const key = (imageId: number) => `${runId}:${imageId}:${size}`;
    const missing = [...new Set(imageIds)].filter((imageId) => !this.cache.has(key(imageId)));
    if (missing.length) {
      const queue = missing.slice();
      // A few at a time: serve resizes with sharp, one request per image.
      const worker = async () => {
        for (let imageId = queue.shift(); imageId !== undefined; imageId = queue.shift()) {
          this.remember(key(imageId), await this.dataUri(runId, imageId, size));
        }
      };
      await Promise.all(Array.from({ length: 4 }, worker));
    }
    return imageIds.map((imageId) => ({ runId, imageId, size, src: this.cache.get(key(imageId)) ?? null }));
  }

  private async dataUri(runId: number, imageId: number, size: ThumbnailSize): Promise<string | null> {
    try {
      const { thumbnailPath } = await this.serve.request(makeThumbnail, { runId, imageId, ...pixels[size] });
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.file(thumbnailPath));
      return `data:image/png;base64,${Buffer.from(bytes).toString('base64')}`;
    } catch (error) {
      this.log.warn(`thumbnail of image ${imageId} of run ${runId}: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  private remember(key: string, src: string | null): void {
    if (this.cache.size >= maxCached) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, src);
  }
}
