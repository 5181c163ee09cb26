// Writes generated samples as a PNG grid or as a NumPy array, chosen by the file's extension.
import { extname } from 'node:path';
import { isImageShape } from '../io/manifest.ts';
import { writeFileAtomic } from '../util/atomic_write.ts';
import { encodeNpy, encodePng, imageGrid } from '../viz/index.ts';

export async function writeSamples(file: string, x: Float32Array, shape: number[], n: number, cols?: number): Promise<void> {
  const ext = extname(file).toLowerCase();
  if (ext === '.npy') return writeFileAtomic(file, encodeNpy(x, [n, ...shape]));
  if (ext !== '.png') throw new Error(`cannot write "${file}": use a .png (grid) or .npy (raw samples) file name.`);
  if (!isImageShape(shape)) throw new Error(`samples of shape [${shape.join(', ')}] are not images; write them to a .npy file instead.`);
  writeFileAtomic(file, await encodePng(imageGrid(x, shape as [number, number, number], n, cols ? { cols } : {})));
}
