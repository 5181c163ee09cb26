// Where an exported generator's files come from: a run directory on the studio server, or files
// the user picked (model.json, weights.bin and manifest.json, or the whole model folder, which a
// text-to-image model needs for its sentence encoder). Paths are relative to the model folder.
import { fetchOk, fileUrl } from '../api.ts';

export interface ModelFiles {
  /** What the files are, for messages: "the model of run mnist-dcgan", "the picked files". */
  label: string;
  text(path: string): Promise<string>;
  bytes(path: string): Promise<ArrayBuffer>;
}

export function runModelFiles(id: string): ModelFiles {
  const get = (path: string) => fetchOk(fileUrl(id, `model/${path}`));
  return {
    label: `the model of run ${id}`,
    text: async (path) => (await get(path)).text(),
    bytes: async (path) => (await get(path)).arrayBuffer(),
  };
}

/** The folder of a picked file: its path within a picked folder, without the file name. */
const folderOf = (f: File) => (f.webkitRelativePath || f.name).split('/').slice(0, -1).join('/');

/**
 * Picked files: the model folder is the one holding the shallowest manifest.json. Loose files
 * (no folder) only serve paths without a folder.
 */
export function pickedModelFiles(picked: File[]): ModelFiles {
  const manifests = picked.filter((f) => f.name === 'manifest.json').sort((a, b) => folderOf(a).length - folderOf(b).length);
  if (manifests.length === 0) {
    throw new Error('These files hold no manifest.json: pick the model.json, weights.bin and manifest.json that ganforge exported (the model/ folder of a run).');
  }
  const root = folderOf(manifests[0]);
  const find = async (path: string) => {
    const wanted = root ? `${root}/${path}` : path;
    const file = picked.find((f) => (f.webkitRelativePath || f.name) === wanted);
    if (file) return file;
    const hint = path.includes('/') ? 'pick the whole model folder (a model folder, above) so that it comes along' : 'pick it too';
    throw new Error(`The picked files lack ${path}; ${hint}.`);
  };
  return {
    label: 'the picked files',
    text: async (path) => (await find(path)).text(),
    bytes: async (path) => (await find(path)).arrayBuffer(),
  };
}
