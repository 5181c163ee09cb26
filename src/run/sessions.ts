// The session of a run's family.
import type { RunConfig } from '../config/schema.ts';
import type { Dataset } from '../data/dataset.ts';
import { DiffusionSession } from '../diffusion/session.ts';
import { GanSession } from '../gan/session.ts';
import { GmnSession } from '../gmn/session.ts';
import { VaeSession } from '../vae/session.ts';
import type { Session } from '../train/session.ts';
import { prepareTextConditioning } from '../text/text_conditioning.ts';
import { usePrecision } from '../engine/precision.ts';

/** `runRoot`: the run directory, where a text-to-image run keeps (or first trains) its sentence encoder. */
export async function createSession(config: RunConfig, data: Dataset, runRoot: string | null = null): Promise<Session> {
  usePrecision(config.train.precision);
  switch (config.family) {
    case 'gan':
      if (config.model.architecture === 'text-dcgan') return new GanSession(config, data, await prepareTextConditioning(config, data, runRoot));
      return new GanSession(config, data);
    case 'gmn': return new GmnSession(config, data);
    case 'vae': return new VaeSession(config, data);
    case 'diffusion': return new DiffusionSession(config, data);
  }
}
