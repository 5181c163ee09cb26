// `ganforge random <method> <distribution>`: draws samples with one of the `000` document's
// methods and pictures them against the exact density, with a KS test of the result.
import { Command, InvalidArgumentError } from 'commander';
import { extname } from 'node:path';
import { ksTest } from '../eval/ks_test.ts';
import { centralRange, parseDistribution, type Distribution } from '../random/distributions.ts';
import { Rng } from '../random/prng.ts';
import { defaultStepSize, inverseTransformSample, logPdf, metropolisHastings, rejectionSample } from '../random/samplers.ts';
import { writeFileAtomic } from '../util/atomic_write.ts';
import { curve, densityPanel, figurePng, histogram, inverseTransformPanel, rejectionPanel, tracePanel, type Panel } from '../viz/density_charts.ts';
import { encodeNpy } from '../viz/npy.ts';
import { integer, positiveNumber } from './arguments.ts';

const METHODS = ['inverse-transform', 'rejection', 'metropolis-hastings'] as const;
type Method = (typeof METHODS)[number];

interface RandomOptions {
  n: number; seed: number; out: string; samples?: string; bins: number;
  proposal?: string; m?: number; burnIn: number; thin: number; step?: number; start: number;
}

export function randomCommand(): Command {
  return new Command('random')
    .description('sample a distribution by inverse transform, rejection or Metropolis-Hastings; picture it against the density')
    .argument('<method>', METHODS.join(' | '), (v: string) => {
      if (!(METHODS as readonly string[]).includes(v)) throw new InvalidArgumentError(`"${v}" is not a sampling method; use one of ${METHODS.join(', ')}.`);
      return v as Method;
    })
    .argument('<distribution>', 'e.g. normal, "normal(0, 2)", uniform, "exponential(1.5)", cauchy, bimodal, "mixture(0.3*normal(-2, 0.5) + 0.7*normal(2, 0.8))"', (v: string) => {
      try { return parseDistribution(v); } catch (e) { throw new InvalidArgumentError((e as Error).message); }
    })
    .requiredOption('--out <file.png>', 'the figure to write')
    .option('--n <count>', 'samples to draw', integer('--n'), 10000)
    .option('--seed <s>', 'seed of the uniform generator', integer('--seed'), 0)
    .option('--samples <file.npy>', 'also write the samples (float32, shape [n, 1])')
    .option('--bins <count>', 'histogram bins', integer('--bins'), 60)
    .option('--proposal <distribution>', 'rejection: the proposal (default: uniform on a bounded support, else a Cauchy)')
    .option('--m <bound>', 'rejection: the envelope constant, target <= m * proposal (default: found numerically)', positiveNumber('--m'))
    .option('--burn-in <steps>', 'Metropolis-Hastings: steps discarded at the start', integer('--burn-in'), 1000)
    .option('--thin <k>', 'Metropolis-Hastings: keep every k-th state', integer('--thin'), 10)
    .option('--step <size>', "Metropolis-Hastings: std of the random-walk proposal (default: 1.3 x the target's interquartile range)", positiveNumber('--step'))
    .option('--start <x>', 'Metropolis-Hastings: the starting state', Number, 0)
    .action(async (method: Method, target: Distribution, o: RandomOptions) => {
      if (extname(o.out).toLowerCase() !== '.png') throw new Error(`cannot write the figure to "${o.out}": give a .png file name.`);
      if (o.samples && extname(o.samples).toLowerCase() !== '.npy') throw new Error(`cannot write the samples to "${o.samples}": give a .npy file name.`);
      if (o.n < 1 || o.bins < 1) throw new Error('--n and --bins must be at least 1.');
      const { samples, panels, facts } = runMethod(method, target, o);
      const range = centralRange(target);
      const ks = ksTest(samples, target.cdf);
      const outside = samples.filter((v) => v < range[0] || v > range[1]).length;
      panels.push(densityPanel({
        title: `${o.n} samples against the density`, xLabel: 'x', range,
        bins: histogram(samples, range, o.bins), curves: [curve(`density of ${target.name}`, target.pdf, range)],
      }));
      writeFileAtomic(o.out, await figurePng(`${method}: ${target.name}`, panels));
      if (o.samples) writeFileAtomic(o.samples, encodeNpy(Float32Array.from(samples), [samples.length, 1]));
      console.log(`${method} of ${target.name}: ${o.n} samples, seed ${o.seed}`);
      for (const f of facts) console.log(`  ${f}`);
      console.log(`  Kolmogorov-Smirnov against the target: D = ${ks.statistic.toFixed(4)}, p = ${ks.pValue.toPrecision(3)}`);
      if (outside > 0) console.log(`  ${outside} samples lie outside the plotted range [${range.map((v) => v.toPrecision(4)).join(', ')}]`);
      console.log(`wrote ${o.out}${o.samples ? ` and ${o.samples}` : ''}`);
    });
}

function runMethod(method: Method, target: Distribution, o: RandomOptions): { samples: Float64Array; panels: Panel[]; facts: string[] } {
  const rng = new Rng(o.seed);
  const range = centralRange(target);
  if (method === 'inverse-transform') {
    const r = inverseTransformSample(target, o.n, rng);
    const examples = Array.from({ length: Math.min(12, o.n) }, (_, i) => ({ u: r.uniforms[i], x: r.samples[i] }));
    return {
      samples: r.samples,
      panels: [
        densityPanel({ title: 'u ~ uniform(0, 1)', xLabel: 'u', range: [0, 1], bins: histogram(r.uniforms, [0, 1], 20), curves: [curve('uniform density', () => 1, [0, 1], 2)] }),
        inverseTransformPanel({ cdf: curve('cdf', target.cdf, range), examples, range, xLabel: 'x' }),
      ],
      facts: ['each sample is F⁻¹(u) for a uniform u: the figure follows 12 of them'],
    };
  }
  if (method === 'rejection') {
    const proposal = o.proposal ? parseDistribution(o.proposal) : undefined;
    const r = rejectionSample(target, o.n, rng, { proposal, m: o.m, keepProposals: 1500 });
    const facts = [
      `proposal ${r.proposal.name}, envelope m = ${r.m.toPrecision(4)}`,
      `accepted ${o.n} of ${r.proposed} proposals: rate ${r.acceptanceRate.toFixed(4)} (1/m = ${(1 / r.m).toFixed(4)})`,
    ];
    if (r.worstRatio > 1) facts.push(`warning: the target rose to ${r.worstRatio.toFixed(3)} times the envelope, so m is too small and the samples are biased; raise --m`);
    return {
      samples: r.samples,
      panels: [rejectionPanel({
        target: curve('target density', target.pdf, range),
        envelope: curve(`m × ${r.proposal.name}`, (x) => r.m * r.proposal.pdf(x), range),
        proposals: r.proposals, range, xLabel: 'x',
      })],
      facts,
    };
  }
  const step = o.step ?? defaultStepSize(target);
  const r = metropolisHastings(logPdf(target), rng, { n: o.n, burnIn: o.burnIn, thin: o.thin, stepSize: step, start: o.start });
  return {
    samples: r.samples,
    panels: [tracePanel(r.chain, r.burnIn)],
    facts: [
      `random-walk proposal N(x, ${Number(step.toPrecision(4))}²), ${r.chain.length} steps: burn-in ${r.burnIn}, then every ${r.thin}th state`,
      `acceptance rate ${r.acceptanceRate.toFixed(3)} (about 0.2-0.5 mixes well; raise --step if higher, lower it if lower)`,
    ],
  };
}
