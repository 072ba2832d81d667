import type { LogisticModel } from "../../db/json/scoring";
import type { FeatureVector } from "./features";

export interface TrainOptions {
  l2?: number;
  epochs?: number;
  learningRate?: number;
  seed?: number;
}

export const sigmoid = (z: number) => 1 / (1 + Math.exp(-Math.max(-35, Math.min(35, z))));

export function logOdds(model: LogisticModel, row: FeatureVector): number {
  let z = model.bias;
  for (let i = 0; i < row.indices.length; i++) z += (model.weights[row.indices[i]!] ?? 0) * row.values[i]!;
  return z;
}

/** A small seeded generator (mulberry32), so the same leads and seed train the same model. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * L2-regularised logistic regression by mini-batch Adam over seeded shuffles, with a learning rate
 * decaying to zero. The bias starts at the base rate's log-odds, so rare conversions do not take
 * many steps to learn, and is not regularised. Updates are lazy: only the weights a batch touches
 * move, which keeps 10,000 leads of a thousand sparse features well under a second.
 */
export function trainLogistic(rows: FeatureVector[], labels: (0 | 1)[], dim: number, options: TrainOptions = {}): LogisticModel {
  const { l2 = 1e-4, epochs = 30, learningRate = 0.05, seed = 1 } = options;
  const n = rows.length;
  const rate = Math.min(1 - 1e-6, Math.max(1e-6, (labels.reduce<number>((a, b) => a + b, 0) + 0.5) / (n + 1)));
  const weights = new Float64Array(dim);
  let bias = Math.log(rate / (1 - rate));
  const [m, v] = [new Float64Array(dim + 1), new Float64Array(dim + 1)];
  const [beta1, beta2, batchSize] = [0.9, 0.999, 128];
  const gradient = new Float64Array(dim);
  const order = Array.from({ length: n }, (_, i) => i);
  const next = random(seed);
  const totalSteps = epochs * Math.ceil(n / batchSize);
  let t = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let start = 0; start < n; start += batchSize) {
      t++;
      const batch = order.slice(start, start + batchSize);
      const touched = new Set<number>();
      let biasGradient = 0;
      for (const r of batch) {
        const row = rows[r]!;
        let z = bias;
        for (let i = 0; i < row.indices.length; i++) z += weights[row.indices[i]!]! * row.values[i]!;
        const error = sigmoid(z) - labels[r]!;
        for (let i = 0; i < row.indices.length; i++) {
          gradient[row.indices[i]!]! += (error * row.values[i]!) / batch.length;
          touched.add(row.indices[i]!);
        }
        biasGradient += error / batch.length;
      }
      const step = learningRate * (1 - t / (totalSteps + 1));
      const correction = Math.sqrt(1 - beta2 ** t) / (1 - beta1 ** t);
      for (const j of touched) {
        const g = gradient[j]! + l2 * weights[j]!;
        gradient[j] = 0;
        m[j] = beta1 * m[j]! + (1 - beta1) * g;
        v[j] = beta2 * v[j]! + (1 - beta2) * g * g;
        weights[j]! -= (step * correction * m[j]!) / (Math.sqrt(v[j]!) + 1e-8);
      }
      m[dim] = beta1 * m[dim]! + (1 - beta1) * biasGradient;
      v[dim] = beta2 * v[dim]! + (1 - beta2) * biasGradient * biasGradient;
      bias -= (step * correction * m[dim]!) / (Math.sqrt(v[dim]!) + 1e-8);
    }
  }
  return { weights: Array.from(weights), bias };
}

/** Each entry's push on the log-odds; with the bias they add up to `logOdds(model, row)`. */
export function contributions(model: LogisticModel, row: FeatureVector) {
  return row.indices.map((index, i) => ({
    source: row.sources[i]!,
    label: row.labels[i]!,
    value: row.values[i]!,
    effect: (model.weights[index] ?? 0) * row.values[i]!,
  }));
}
