// The run directory: the one place a run writes, and the one thing sample, interpolate, eval
// and the studio read.
//
//   config.json          the validated config (with every default filled in)
//   metrics.jsonl        one JSON record per logged step
//   evaluation.jsonl     toy data: exact metrics (JSD, modes covered, ...) at each snapshot
//   samples/step-N.png   sample grids from fixed noise (toy data: density / scatter pictures)
//   progress.gif         those grids as an animation
//   plots/*.png          loss and discriminator-output curves
//   checkpoints/last.ckpt  everything needed to resume
//   model/               the generator in TensorFlow.js format + manifest.json
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic_write.ts';
import { fileProblem } from '../util/file_errors.ts';

export class RunDir {
  constructor(readonly root: string) {}

  get config() { return join(this.root, 'config.json'); }
  get metrics() { return join(this.root, 'metrics.jsonl'); }
  get evaluation() { return join(this.root, 'evaluation.jsonl'); }
  get samples() { return join(this.root, 'samples'); }
  get gif() { return join(this.root, 'progress.gif'); }
  get plots() { return join(this.root, 'plots'); }
  get figures() { return join(this.root, 'figures'); }
  get checkpoint() { return join(this.root, 'checkpoints', 'last.ckpt'); }
  get model() { return join(this.root, 'model'); }

  /** The files of a run found here (a run's folder holds at least one once it has started). */
  runFiles(): string[] {
    return ['config.json', 'metrics.jsonl', 'evaluation.jsonl', 'samples', 'checkpoints', 'model'].filter((f) => existsSync(join(this.root, f)));
  }

  /** Creates the folder; a path that cannot be one gets one sentence with the fix. */
  create(): void {
    try {
      mkdirSync(this.root, { recursive: true });
    } catch (e) {
      throw new Error(`cannot create the run directory ${this.root}: ${fileProblem(e)}; choose another --out.`);
    }
  }

  /**
   * Removes the temporary files of atomic writes that a killed run left behind (".NAME.PID.tmp",
   * up to a checkpoint's size), except those of a process still alive.
   */
  removeStaleTemporaries(): void {
    const walk = (folder: string): void => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) walk(path);
        const m = /^\..+\.(\d+)\.tmp$/.exec(entry.name);
        if (m && entry.isFile() && !alive(Number(m[1]))) rmSync(path, { force: true });
      }
    };
    if (existsSync(this.root)) walk(this.root);
  }

  /** The step of the exported model's manifest, or null when there is none readable. */
  exportedStep(): number | null {
    try {
      return JSON.parse(readFileSync(join(this.model, 'manifest.json'), 'utf8')).step ?? null;
    } catch {
      return null;
    }
  }

  samplePath(step: number): string {
    return join(this.samples, `step-${String(step).padStart(7, '0')}.png`);
  }

  /** Sample grids present, in step order. */
  sampleFiles(): { step: number; path: string }[] {
    if (!existsSync(this.samples)) return [];
    return readdirSync(this.samples)
      .map((f) => /^step-(\d+)\.png$/.exec(f))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ step: Number(m[1]), path: join(this.samples, m[0]) }))
      .sort((a, b) => a.step - b.step);
  }

  readMetrics(): Record<string, number>[] {
    return readRecords(this.metrics);
  }

  readEvaluation(): Record<string, number>[] {
    return readRecords(this.evaluation);
  }

  /** Forgets what a killed run wrote after its last checkpoint: those steps will be redone. */
  truncateAfter(step: number): void {
    for (const file of [this.metrics, this.evaluation]) {
      if (!existsSync(file)) continue;
      const kept = readRecords(file).filter((r) => r.step <= step);
      writeFileAtomic(file, kept.map((r) => JSON.stringify(r) + '\n').join(''));
    }
    for (const s of this.sampleFiles()) if (s.step > step) rmSync(s.path);
  }
}

/** JSON lines, one record each; a line cut by a kill is dropped. */
function readRecords(file: string): Record<string, number>[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).flatMap((l) => {
    try { return [JSON.parse(l)]; } catch { return []; }
  });
}

/** Whether a process with this id runs (ours counts as alive: its writes are in flight). */
function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
