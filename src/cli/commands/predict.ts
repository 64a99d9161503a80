import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ImageCache } from '../../data/imageCache';
import type { ImageSize } from '../../data/imageSource';
import { flippedSuffix } from '../../data/flippedIdentities';
import { DatasetError } from '../../data/dataset';
import { readPhotoList } from '../../data/photoList';
import { selectBackend } from '../../engine/backends/selectBackend';
import { identifyPhotos } from '../../engine/inference/identifyPhotos';
import { loadCheckpointModel } from '../../engine/inference/loadCheckpointModel';
import { withSchemaDefaults } from '../../experiment/storedConfig';
import { isBackendName, type ExperimentConfig } from '../../protocol/experiment';
import { somePhotosFailedExitCode, type PredictionReport } from '../../protocol/predictions';
import type { RunRecord } from '../../protocol/records';
import { listImages } from '../../store/images';
import type { Store } from '../../store/openStore';
import { getRun } from '../../store/runs';
import { checkpointReader } from '../../store/storeIdentity';
import type { CheckpointReader } from '../../engine/trainer/resumableCheckpoint';
import { CliError, CliUsageError } from '../cliErrors';
import { formatHelp, integerFlag, parseFlags, runIdArgument, type CommandSpec } from '../parseFlags';
import { chooseCheckpoint, checkpointChoiceFlag, type CheckpointChoice } from '../predict/chooseCheckpoint';
import { chooseThreshold, thresholdFlag, type ThresholdChoice } from '../predict/chooseThreshold';
import { kaggleSubmissionCsv } from '../../shared/kaggleSubmission';
import { dbFlagSpec, openExistingStore, storePathFrom } from '../storeLocation';

const galleryModes = ['train', 'gallery', 'all'] as const;
type GalleryMode = (typeof galleryModes)[number];

const spec: CommandSpec = {
  usage: 'predict RUN --images DIR|CSV [--checkpoint best|last|EPOCH] [--threshold T|best|none] [--gallery all|train|gallery] [--out FILE] [--json] [--db PATH]',
  summary: [
    "Identifies photos with a run's model: embeds them as the run's evaluation did (the image cache, the same",
    "preprocessing), searches the run's photos of known identities, and writes a Kaggle submission (Image,Id with",
    'five identities, new_whale inserted at the threshold) or, with --json, the neighbours and distances. Progress',
    `goes to stderr. Photos that cannot be read are listed and skipped; the exit status is then ${somePhotosFailedExitCode}.`,
  ].join('\n'),
  flags: {
    db: dbFlagSpec,
    images: { type: 'string', valueName: 'DIR|CSV', description: 'A folder of .jpg/.png photos, or a CSV with an Image column (paths relative to it). Required.' },
    checkpoint: { type: 'string', valueName: 'best|last|EPOCH', description: 'Which kept checkpoint: best by evaluation.selectBy (default), the newest, or an epoch.' },
    threshold: { type: 'string', valueName: 'T|best|none', description: "new_whale distance: a number, best (highest MAP@5 on the run's stored evaluation), none; default the run's evaluation.newWhaleThreshold." },
    gallery: { type: 'string', valueName: 'all|train|gallery', description: "Photos searched: all the run's photos of known identities (default), the training ones, or the evaluation gallery." },
    out: { type: 'string', valueName: 'FILE', description: 'Write the submission (or JSON) to this file instead of stdout.' },
    json: { type: 'boolean', description: 'Print the identities, neighbours and distances of every photo as JSON.' },
    thumbnails: { type: 'boolean', description: 'With --json: add a small PNG of each photo as a data: URI.' },
    neighbours: { type: 'string', valueName: 'N', description: 'Nearest gallery photos listed per photo with --json (default 10).' },
    'cache-dir': { type: 'string', valueName: 'DIR', description: 'Decoded-image cache (default: cache/ beside the database).' },
  },
  positionals: { min: 1, max: 1, names: 'RUN' },
};

function galleryFlag(value: string | undefined): GalleryMode {
  if (value === undefined) return 'all';
  if (!(galleryModes as readonly string[]).includes(value)) throw new CliUsageError(`fluke predict: --gallery must be one of ${galleryModes.join(', ')}, got "${value}"`);
  return value as GalleryMode;
}

function galleryImages(store: Store, run: RunRecord, mode: GalleryMode) {
  // Mirrored training copies are not files (and not identities a photo can be).
  return listImages(store, run.id).filter(
    (image) => !image.identity.endsWith(flippedSuffix) && (mode === 'all' ? true : mode === 'train' ? image.split === 'train' : image.split === 'gallery'),
  );
}

async function activateRunBackend(run: RunRecord, config: ExperimentConfig, say: (line: string) => void): Promise<void> {
  const used = run.backend !== null && isBackendName(run.backend) ? run.backend : config.runtime.backend;
  try {
    await selectBackend(used, config.runtime.threads);
  } catch (error) {
    say(`backend ${used} does not load here (${(error as Error).message}); choosing one with auto`);
    await selectBackend('auto', config.runtime.threads);
  }
}

/**
 * Loads the chosen checkpoint (and the threshold for its epoch). A run still training may
 * delete it (checkpoint retention) between the choice and the read: then it chooses again.
 */
async function loadChosenCheckpoint(dbPath: string, run: RunRecord, config: ExperimentConfig, choice: CheckpointChoice, thresholdChoice: ThresholdChoice) {
  for (let attempt = 1; ; attempt++) {
    const store = openExistingStore(dbPath);
    let checkpoint: ReturnType<typeof chooseCheckpoint>;
    let threshold: PredictionReport['threshold'];
    let reader: CheckpointReader;
    try {
      reader = checkpointReader(store, run.id);
      checkpoint = chooseCheckpoint(store, run, config, choice);
      threshold = chooseThreshold(store, run, config, checkpoint.epoch, thresholdChoice);
    } finally {
      store.db.close();
    }
    try {
      return { checkpoint, threshold, model: await loadCheckpointModel(config, dirname(run.experimentPath), checkpoint, reader) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 3) throw error;
    }
  }
}

export async function predictCommand(argv: string[]): Promise<number> {
  const flags = parseFlags('predict', spec, argv);
  if (flags.help) {
    process.stdout.write(formatHelp(spec));
    return 0;
  }
  const runId = runIdArgument('predict', flags.positionals[0]!);
  const images = flags.strings.get('images');
  if (images === undefined) throw new CliUsageError('fluke predict: --images is required (a folder of photos or a CSV with an Image column)');
  const checkpointChoice = checkpointChoiceFlag(flags.strings.get('checkpoint'));
  const thresholdChoice = thresholdFlag(flags.strings.get('threshold'));
  const mode = galleryFlag(flags.strings.get('gallery'));
  const neighboursKept = integerFlag('predict', 'neighbours', flags.strings.get('neighbours') ?? '10', 1, 1000);
  const json = flags.booleans.has('json');
  if (flags.booleans.has('thumbnails') && !json) throw new CliUsageError('fluke predict: --thumbnails needs --json');
  const say = (line: string) => process.stderr.write(`${line}\n`);

  const dbPath = storePathFrom(flags.strings.get('db'));
  const store = openExistingStore(dbPath);
  let run: RunRecord;
  let config: ExperimentConfig;
  let gallery: ReturnType<typeof galleryImages>;
  try {
    const found = getRun(store, runId);
    if (!found) throw new CliError(`fluke predict: no run ${runId} in ${store.path}`);
    run = found;
    config = withSchemaDefaults(run.config);
    gallery = galleryImages(store, run, mode);
    if (gallery.length === 0) throw new CliError(`fluke predict: run ${runId} has no ${mode === 'all' ? '' : `${mode} `}photos to search`);
  } finally {
    store.db.close();
  }

  let photoList: ReturnType<typeof readPhotoList>;
  try {
    photoList = readPhotoList(images);
  } catch (error) {
    if (error instanceof DatasetError) throw new CliError(`fluke predict: ${error.message}`);
    throw error;
  }
  await activateRunBackend(run, config, say);
  const chosen = await loadChosenCheckpoint(dbPath, run, config, checkpointChoice, thresholdChoice);
  const { model, threshold } = chosen;
  let { checkpoint } = chosen;
  if (model.midEpoch) {
    // A stop inside an epoch records its checkpoint under the epoch before it.
    checkpoint = { ...checkpoint, choice: `${checkpoint.choice}; weights from inside epoch ${model.trainedEpoch} (the run was stopped there)` };
    say(`note: the checkpoint of epoch ${checkpoint.epoch} holds weights from inside epoch ${model.trainedEpoch}, where the run was stopped`);
  }
  const size: ImageSize = { height: config.data.imageHeight, width: config.data.imageWidth, channels: config.data.channels, fit: config.data.fit };
  const cache = new ImageCache(resolve(flags.strings.get('cache-dir') ?? join(dirname(dbPath), 'cache')));
  say(`run ${run.id} (${run.name}), checkpoint of epoch ${checkpoint.epoch} (${checkpoint.choice}); ${photoList.photos.length} photos; ${gallery.length} photos searched (${mode})`);
  const loadedPhotos = await cache.load(photoList.photos.map((photo) => ({ path: photo.path, identity: '' })), size);
  const loadedGallery = await cache.load(gallery, size);
  const galleryMissing = loadedGallery.problems;
  if (galleryMissing.length > 0) {
    throw new CliError(`fluke predict: ${galleryMissing.length} photo(s) of the run can no longer be read, e.g. ${galleryMissing[0]!.path}: ${galleryMissing[0]!.problem}`);
  }
  const imageValues = size.height * size.width * size.channels;
  const readable = photoList.photos.flatMap((photo, index) => (loadedPhotos.ok[index] ? [{ photo, index }] : []));
  const pixels = new Uint8Array(readable.length * imageValues);
  readable.forEach(({ index }, row) => pixels.set(loadedPhotos.pixels.subarray(index * imageValues, (index + 1) * imageValues), row * imageValues));
  const failed = [...photoList.problems, ...loadedPhotos.problems].map((problem) => ({
    path: problem.path,
    problem: problem.line === null ? problem.problem : `line ${problem.line}: ${problem.problem}`,
  }));
  for (const problem of failed) say(`skipped ${problem.path}: ${problem.problem}`);

  let lastTold = 0;
  const identified = (() => {
    try {
      return identifyPhotos({
        checkpoint: model,
        size,
        augmentation: config.data.augmentation,
        photos: { pixels, count: readable.length },
        gallery: { pixels: loadedGallery.pixels, count: gallery.length, imageIds: gallery.map((image) => image.id), identities: gallery.map((image) => image.identity) },
        newWhaleLabel: config.data.newWhaleLabel,
        threshold: threshold.value,
        neighboursKept,
        onProgress: (embedded, total) => {
          if (embedded - lastTold >= 256 || embedded === total) {
            lastTold = embedded;
            say(`embedded ${embedded}/${total} photos`);
          }
        },
      });
    } finally {
      model.model.dispose();
    }
  })();

  const report: PredictionReport = {
    runId: run.id,
    runName: run.name,
    checkpoint,
    gallery: { mode, images: gallery.length },
    newWhaleLabel: config.data.newWhaleLabel,
    threshold,
    predictions: await Promise.all(
      readable.map(async ({ photo }, row) => ({
        image: photo.name,
        path: photo.path,
        identities: identified[row]!.identities,
        neighbours: identified[row]!.neighbours,
        ...(flags.booleans.has('thumbnails') ? { thumbnail: `data:image/png;base64,${readFileSync(await cache.thumbnail(photo.path, 128, 64)).toString('base64')}` } : {}),
      })),
    ),
    failed,
  };
  const text = json ? `${JSON.stringify(report, null, 2)}\n` : kaggleSubmissionCsv(report.predictions);
  const out = flags.strings.get('out');
  if (out === undefined) process.stdout.write(text);
  else {
    try {
      writeFileSync(resolve(out), text);
    } catch (error) {
      throw new CliError(`fluke predict: cannot write --out ${resolve(out)}: ${(error as Error).message}`);
    }
    say(`wrote ${report.predictions.length} predictions to ${resolve(out)}`);
  }
  if (failed.length > 0) {
    say(`${failed.length} of ${photoList.photos.length + photoList.problems.length} photos could not be read (listed above); the others were predicted`);
    return somePhotosFailedExitCode;
  }
  return 0;
}
