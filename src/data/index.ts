// The data module's public API: sources decoded into a Dataset, and batches drawn from one.
export { type Dataset, fromUnitRange, sampleSize } from './dataset.ts';
export { loadMnist, mnistLabelNames, mnistCachePath, type MnistSource, type MnistOptions, type Split } from './mnist.ts';
export { loadImageFolder, type ImageFolderOptions } from './image_folder.ts';
export { loadCsv, type CsvOptions } from './csv.ts';
export { BatchSampler, type Batch, type BatchSamplerState } from './batches.ts';
export { loadDataset } from './spec.ts';
export { dataSpecSchema, TOY_NAMES, type DataSpec, type ToyName } from './schema.ts';
export { loadToy, toyDistribution, toUnitBox, type ToyDistribution } from './toy.ts';
