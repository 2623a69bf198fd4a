// Public face of src/data: the reader of the datasets that `dualpix dataset` writes (and of the
// DPDD layout), shared by training and evaluation. Only names and PNG headers are read here.
export { openDataset, type Split, type FrameFiles, type PairRecord, type SequenceRecord, type DatasetSplit, type OpenDatasetOptions } from './dataset-reader.js';
