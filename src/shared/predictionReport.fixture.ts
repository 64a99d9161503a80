import type { PredictionReport } from '../protocol/predictions';

/** A `fluke predict --json` report of two photos identified with run 4, for the tests of what reads one. */
export const predictionReport: PredictionReport = {
  runId: 4,
  runName: 'dc',
  checkpoint: { epoch: 9, path: '/c/run-4-epoch-9.ckpt', choice: 'best' },
  gallery: { mode: 'all', images: 30 },
  newWhaleLabel: 'new_whale',
  threshold: { value: 0.5, source: '--threshold' },
  predictions: [
    {
      image: 'a.jpg',
      path: '/photos/a.jpg',
      identities: ['w_1', 'new_whale', 'w_2'],
      neighbours: [
        { imageId: 11, identity: 'w_1', distance: 0.2 },
        { imageId: 12, identity: 'w_1', distance: 0.4 },
        { imageId: 13, identity: 'w_2', distance: 0.7 },
      ],
      thumbnail: 'data:image/png;base64,AAAA',
    },
    { image: 'b.jpg', path: '/photos/b.jpg', identities: ['new_whale', 'w_3'], neighbours: [{ imageId: 14, identity: 'w_3', distance: 0.9 }] },
  ],
  failed: [],
};
