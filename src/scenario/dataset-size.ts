/**
 * A training dataset's size on storage: each sample's data plus its file format's framing and its
 * share of its file's overhead (what a loader reads, and what the dataset occupies on its tier).
 */
interface DatasetSizes {
  samples?: number;
  sampleSize?: number;
  recordOverhead?: number;
  fileOverhead?: number;
  samplesPerFile?: number;
}

/** Bytes one sample takes on storage. */
export function storedSampleSize(d: DatasetSizes): number {
  return (d.sampleSize ?? 0) + (d.recordOverhead ?? 0) + (d.fileOverhead ?? 0) / (d.samplesPerFile ?? 1);
}

/** Bytes the whole dataset takes on storage. */
export function datasetBytes(d: DatasetSizes): number {
  return (d.samples ?? 0) * storedSampleSize(d);
}

/**
 * Bytes the loaders of `accelerators` accelerators (of one node) may hold in host memory: every
 * prefetch slot (readThreads x prefetch, or the one batch the training process loads itself)
 * holding a batch of decoded samples (loader.copyBytesPerSample, else the sample size), and every
 * worker the sample it is reading. With a spread of sample sizes, the samples being read count
 * their mean plus 4 standard deviations of their total: the fullest moment of a run of thousands
 * of steps stays below it (a draw past 4 sigma has odds of about 3e-5), so a scenario that passes
 * the check does not fail later.
 */
export function prefetchBytes(loader: { batchSize?: number; readThreads?: number; prefetch?: number; copyBytesPerSample?: number }, d: DatasetSizes & { sampleSizeStdev?: number }, accelerators: number): number {
  const batches = prefetchSlots(loader) * (loader.batchSize ?? 0) * (loader.copyBytesPerSample ?? d.sampleSize ?? 0) * accelerators;
  const reading = Math.max(1, loader.readThreads ?? 1) * accelerators;
  return batches + reading * storedSampleSize(d) + 4 * Math.sqrt(reading) * (d.sampleSizeStdev ?? 0);
}

/** Batches one accelerator's loaders hold at most: readThreads x prefetch (defaults 1 and 2), or 1 with no workers. */
export function prefetchSlots(loader: { readThreads?: number; prefetch?: number }): number {
  return Math.max(1, (loader.prefetch ?? 2) * (loader.readThreads ?? 1));
}
