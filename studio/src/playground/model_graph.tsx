// The model at a glance, after GAN Lab's overview: noise z through G to a generated point G(z),
// it and a real point x through D, D's verdicts into the two losses, with the live values of one
// fixed noise sample and one fixed real point.
import { COLORS } from './views.ts';
import type { Overview } from './snapshot.ts';

const f = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '–');
const vec = (v: number[]) => `(${v.map((c) => c.toFixed(2)).join(', ')})`;

interface Node { id: string; x: number; y: number; label: string; value?: string; data?: string; color?: string; network?: boolean }

export function ModelGraph({ o, nextUpdate }: { o: Overview; nextUpdate?: 'discriminator' | 'generator' }) {
  const nodes: Node[] = [
    { id: 'z', x: 55, y: 35, label: 'z', value: vec(o.z.slice(0, 3)) + (o.z.length > 3 ? '…' : ''), data: JSON.stringify(o.z), color: COLORS.noise },
    { id: 'g', x: 160, y: 35, label: 'G', network: true },
    { id: 'gz', x: 265, y: 35, label: 'G(z)', value: vec(o.gz), data: JSON.stringify(o.gz), color: COLORS.generated },
    { id: 'x', x: 265, y: 115, label: 'x (real)', value: vec(o.x), data: JSON.stringify(o.x), color: COLORS.real },
    { id: 'd', x: 370, y: 75, label: 'D', network: true },
    { id: 'dgz', x: 475, y: 35, label: 'D(G(z))', value: f(o.dFake), data: String(o.dFake), color: COLORS.generated },
    { id: 'dx', x: 475, y: 115, label: 'D(x)', value: f(o.dReal), data: String(o.dReal), color: COLORS.real },
    { id: 'gloss', x: 585, y: 35, label: 'G loss', value: f(o.gLoss), data: String(o.gLoss) },
    { id: 'dloss', x: 585, y: 115, label: 'D loss', value: f(o.dLoss), data: String(o.dLoss) },
  ];
  const at = Object.fromEntries(nodes.map((n) => [n.id, n]));
  const edges = [['z', 'g'], ['g', 'gz'], ['gz', 'd'], ['x', 'd'], ['d', 'dgz'], ['d', 'dx'], ['dgz', 'gloss'], ['dgz', 'dloss'], ['dx', 'dloss']];
  // The network the next update trains is outlined.
  const active = nextUpdate === 'generator' ? 'g' : nextUpdate === 'discriminator' ? 'd' : undefined;
  return (
    <figure class="model-graph">
      <svg viewBox="0 0 650 152" role="img" data-testid="model-graph"
        aria-label={`The model: z ${vec(o.z)} through G gives G(z) ${vec(o.gz)}; D says ${f(o.dFake)} to it and ${f(o.dReal)} to the real point x ${vec(o.x)}; G loss ${f(o.gLoss)}, D loss ${f(o.dLoss)}.`}>
        <defs><marker id="graph-arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0L8,4L0,8z" fill="#9ca3af" /></marker></defs>
        {edges.map(([a, b]) => (
          <line key={a + b} x1={at[a].x + (at[a].network ? 22 : 48)} y1={at[a].y} x2={at[b].x - (at[b].network ? 24 : 50)} y2={at[b].y} stroke="#9ca3af" marker-end="url(#graph-arrow)" />
        ))}
        {nodes.map((n) => n.network ? (
          <g key={n.id}>
            <rect x={n.x - 22} y={n.y - 18} width={44} height={36} rx={6} fill="#f4f6fb" stroke={active === n.id ? '#3657c8' : '#c7cbd4'} stroke-width={active === n.id ? 2.5 : 1} />
            <text x={n.x} y={n.y + 6} text-anchor="middle" font-weight="700" font-size="16">{n.label}</text>
          </g>
        ) : (
          <g key={n.id} data-testid={`graph-${n.id}`} data-value={n.data}>
            <rect x={n.x - 48} y={n.y - 23} width={96} height={46} rx={4} fill="#fff" stroke={n.color ?? '#c7cbd4'} />
            <text x={n.x} y={n.y - 5} text-anchor="middle" font-size="14" fill={n.color ?? '#1d2330'} font-weight="600">{n.label}</text>
            <text x={n.x} y={n.y + 13} text-anchor="middle" font-size="14" class="graph-value">{n.value}</text>
          </g>
        ))}
      </svg>
      <figcaption>One fixed noise sample z and one real point x through the networks now{nextUpdate && <>; the outlined network is the one the next update trains</>}</figcaption>
    </figure>
  );
}
