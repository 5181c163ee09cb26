// The session of a run's family.
import type { RunConfig } from '../config/schema.ts';
import type { Dataset } from '../data/dataset.ts';
import { DiffusionSession } from '../diffusion/session.ts';
import { GanSession } from '../gan/session.ts';
import { GmnSession } from '../gmn/session.ts';
import { VaeSession } from '../vae/session.ts';
import type { Session } from './session.ts';

export function createSession(config: RunConfig, data: Dataset): Session {
  switch (config.family) {
    case 'gan': return new GanSession(config, data);
    case 'gmn': return new GmnSession(config, data);
    case 'vae': return new VaeSession(config, data);
    case 'diffusion': return new DiffusionSession(config, data);
  }
}
