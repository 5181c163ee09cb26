// The run directory: the one place a run writes, and the one thing sample, interpolate, eval
// and the studio read.
//
//   config.json          the validated config (with every default filled in)
//   metrics.jsonl        one JSON record per logged step
//   samples/step-N.png   sample grids from fixed noise
//   progress.gif         those grids as an animation
//   plots/*.png          loss and discriminator-output curves
//   checkpoints/last.ckpt  everything needed to resume
//   model/               the generator in TensorFlow.js format + manifest.json
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic_write.ts';

export class RunDir {
  constructor(readonly root: string) {}

  get config() { return join(this.root, 'config.json'); }
  get metrics() { return join(this.root, 'metrics.jsonl'); }
  get samples() { return join(this.root, 'samples'); }
  get gif() { return join(this.root, 'progress.gif'); }
  get plots() { return join(this.root, 'plots'); }
  get checkpoint() { return join(this.root, 'checkpoints', 'last.ckpt'); }
  get model() { return join(this.root, 'model'); }

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
    if (!existsSync(this.metrics)) return [];
    return readFileSync(this.metrics, 'utf8').split('\n').filter((l) => l.trim()).flatMap((l) => {
      try { return [JSON.parse(l)]; } catch { return []; } // a line cut by a kill is dropped
    });
  }

  /** Forgets what a killed run wrote after its last checkpoint: those steps will be redone. */
  truncateAfter(step: number): void {
    const kept = this.readMetrics().filter((r) => r.step <= step);
    writeFileAtomic(this.metrics, kept.map((r) => JSON.stringify(r) + '\n').join(''));
    for (const s of this.sampleFiles()) if (s.step > step) rmSync(s.path);
  }
}
