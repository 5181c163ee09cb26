// The noise schedules against the papers' numbers and formulas, recomputed here in plain JS.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cosineSchedule, linearSchedule, MAX_BETA, noiseSchedule } from '../../src/diffusion/schedule.ts';

const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a}, expected ${b}`);

test('linear schedule at T = 1000: betas rise evenly from 1e-4 to 0.02 (Ho et al. 2020, section 4)', () => {
  const s = noiseSchedule('linear', 1000);
  assert.equal(s.name, 'linear');
  assert.equal(s.steps, 1000);
  for (const a of [s.betas, s.alphas, s.alphaBars, s.posteriorVariances]) assert.equal(a.length, 1001);
  assert.equal(s.betas[0], 0);
  close(s.betas[1], 1e-4, 1e-15, 'beta_1');
  close(s.betas[1000], 0.02, 1e-15, 'beta_T');
  close(s.betas[500], 1e-4 + (0.02 - 1e-4) * (499 / 999), 1e-15, 'beta_500');
  for (let t = 2; t <= 1000; t++) close(s.betas[t] - s.betas[t - 1], (0.02 - 1e-4) / 999, 1e-15, `beta_${t} - beta_${t - 1}`);
  // alphaBar_T of DDPM's schedule: the product of (1 - beta_t), about 4.0e-5, so x_T is noise to 0.6% of the signal's scale.
  let product = 1;
  for (let t = 1; t <= 1000; t++) product *= 1 - (1e-4 + ((0.02 - 1e-4) * (t - 1)) / 999);
  close(s.alphaBars[1000], product, 1e-18, 'alphaBar_T');
  assert.ok(s.alphaBars[1000] > 3.9e-5 && s.alphaBars[1000] < 4.1e-5, `alphaBar_T ${s.alphaBars[1000]}`);
});

test('linear schedule at other T: betas scaled by 1000 / T (Improved DDPM), alphas and alphaBars their complements and products', () => {
  for (const T of [2, 50, 100, 200]) {
    const s = linearSchedule(T);
    const first = 1e-4 * (1000 / T), last = 0.02 * (1000 / T);
    let alphaBar = 1;
    assert.equal(s.alphaBars[0], 1);
    assert.equal(s.alphas[0], 1);
    for (let t = 1; t <= T; t++) {
      const beta = Math.min(first + ((last - first) * (t - 1)) / (T - 1), MAX_BETA);
      alphaBar *= 1 - beta;
      close(s.betas[t], beta, 1e-15, `T ${T} beta_${t}`);
      assert.equal(s.alphas[t], 1 - s.betas[t]);
      close(s.alphaBars[t], alphaBar, 1e-15 * alphaBar, `T ${T} alphaBar_${t}`);
    }
  }
  // T = 20 would need beta_T = 1: clipped, so alphaBar_T stays positive and 1 / sqrt(alpha_T) finite.
  const short = linearSchedule(10);
  assert.equal(short.betas[10], MAX_BETA);
  assert.ok(short.alphaBars[10] > 0);
});

test('posterior variances: beta~_t = (1 - alphaBar_{t-1}) / (1 - alphaBar_t) beta_t (Ho et al. 2020, eq. 7), 0 at t = 1', () => {
  for (const s of [linearSchedule(100), cosineSchedule(100), linearSchedule(1000)]) {
    assert.equal(s.posteriorVariances[0], 0);
    assert.equal(s.posteriorVariances[1], 0);
    for (let t = 2; t <= s.steps; t++) {
      const expected = ((1 - s.alphaBars[t - 1]) / (1 - s.alphaBars[t])) * s.betas[t];
      close(s.posteriorVariances[t], expected, 1e-15, `${s.name} beta~_${t}`);
      // The posterior is narrower than the forward step it undoes.
      assert.ok(s.posteriorVariances[t] < s.betas[t]);
    }
  }
});

test('cosine schedule: alphaBar_t = f(t) / f(0), f(t) = cos^2(((t / T + 0.008) / 1.008) pi / 2) (Nichol & Dhariwal 2021, eq. 17)', () => {
  for (const T of [100, 1000]) {
    const s = noiseSchedule('cosine', T);
    const f = (t: number) => Math.cos(((t / T + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
    // Only beta_T reaches the clip (f(T) = 0 would make it 1); before it alphaBar is the formula itself.
    for (let t = 0; t < T; t++) close(s.alphaBars[t], f(t) / f(0), 1e-12, `T ${T} alphaBar_${t}`);
    for (let t = 1; t < T; t++) {
      close(s.betas[t], 1 - f(t) / f(t - 1), 1e-12, `T ${T} beta_${t}`);
      assert.ok(s.betas[t] < MAX_BETA);
    }
    assert.equal(s.betas[T], MAX_BETA);
    close(s.alphaBars[T], s.alphaBars[T - 1] * (1 - MAX_BETA), 1e-20, `T ${T} alphaBar_T`);
    // The offset s keeps beta_1 from vanishing: about 4e-5 at T = 1000 (Improved DDPM, section 3.2).
    if (T === 1000) assert.ok(s.betas[1] > 3e-5 && s.betas[1] < 5e-5, `beta_1 ${s.betas[1]}`);
    // Betas rise monotonically.
    for (let t = 2; t <= T; t++) assert.ok(s.betas[t] > s.betas[t - 1], `T ${T}: beta_${t} <= beta_${t - 1}`);
  }
});

test('the cosine schedule keeps more signal than the linear one through the middle steps', () => {
  // Nichol & Dhariwal's motivation (their figure 5): linear alphaBar collapses well before T.
  const lin = linearSchedule(1000), cos = cosineSchedule(1000);
  for (const t of [250, 500, 750]) assert.ok(cos.alphaBars[t] > lin.alphaBars[t], `t ${t}`);
  close(cos.alphaBars[500], 0.5, 0.02, 'cosine alphaBar at T / 2');
});

test('bad schedules stop with a clear message', () => {
  assert.throws(() => noiseSchedule('linear', 1), /at least 2/);
  assert.throws(() => noiseSchedule('cosine', 10.5), /integer number of steps/);
  assert.throws(() => noiseSchedule('quadratic' as 'linear', 100), /unknown noise schedule "quadratic"/);
});
