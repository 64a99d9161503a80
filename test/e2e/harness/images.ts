import type { Locator } from 'playwright-core';

/** Waits until the image in `slot` is decoded; returns its natural width (0: not an image the browser could decode). */
export async function decodedWidth(slot: Locator): Promise<number> {
  const image = slot.locator('img');
  await image.waitFor({ state: 'attached', timeout: 30_000 });
  return await image.evaluate(
    (element: { complete: boolean; naturalWidth: number; decode(): Promise<void> }) =>
      element.decode().then(
        () => element.naturalWidth,
        () => element.naturalWidth,
      ),
  );
}
