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
