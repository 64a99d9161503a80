/** Pixel size, channels and fit of the images the trainer sees. */
export interface ImageSize {
  height: number;
  width: number;
  channels: 1 | 3;
  /** `pad`: keep the whole photo, letterboxed with black; `crop`: fill the frame, cut the centre. */
  fit: 'pad' | 'crop';
}
