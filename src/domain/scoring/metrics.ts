// How good a model's probabilities are on leads it did not see. Undefined figures (AUC with one
// class, or no data) are NaN rather than a made-up value.

function paired(probabilities: number[], labels: (0 | 1)[]): void {
  if (probabilities.length !== labels.length) throw new Error(`${probabilities.length} probabilities for ${labels.length} labels`);
}

/** Area under the ROC curve by ranks (Mann–Whitney), ties counted half. */
export function auc(probabilities: number[], labels: (0 | 1)[]): number {
  paired(probabilities, labels);
  const order = probabilities.map((p, i) => ({ p, y: labels[i]! })).sort((a, b) => a.p - b.p);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]!.p === order[i]!.p) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++)
      if (order[k]!.y === 1) {
        rankSum += averageRank;
        positives++;
      }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function brier(probabilities: number[], labels: (0 | 1)[]): number {
  paired(probabilities, labels);
  if (labels.length === 0) return Number.NaN;
  return probabilities.reduce((sum, p, i) => sum + (p - labels[i]!) ** 2, 0) / probabilities.length;
}

export function logLoss(probabilities: number[], labels: (0 | 1)[]): number {
  paired(probabilities, labels);
  if (labels.length === 0) return Number.NaN;
  return (
    -probabilities.reduce((sum, p, i) => {
      const q = Math.min(1 - 1e-15, Math.max(1e-15, p));
      return sum + (labels[i] === 1 ? Math.log(q) : Math.log(1 - q));
    }, 0) / probabilities.length
  );
}

export interface CalibrationBin {
  bin: number;
  lower: number;
  upper: number;
  count: number;
  mean_predicted: number;
  observed_rate: number;
}

/** Equal-width bins of predicted probability: what was predicted against what happened. */
export function calibrationTable(probabilities: number[], labels: (0 | 1)[], bins = 10): CalibrationBin[] {
  paired(probabilities, labels);
  const table = Array.from({ length: bins }, (_, bin) => ({
    bin,
    lower: bin / bins,
    upper: (bin + 1) / bins,
    count: 0,
    sumPredicted: 0,
    positives: 0,
  }));
  probabilities.forEach((p, i) => {
    const row = table[Math.min(bins - 1, Math.floor(p * bins))]!;
    row.count++;
    row.sumPredicted += p;
    row.positives += labels[i]!;
  });
  const round = (n: number) => Math.round(n * 1e4) / 1e4;
  return table.map(({ bin, lower, upper, count, sumPredicted, positives }) => ({
    bin,
    lower,
    upper,
    count,
    mean_predicted: count ? round(sumPredicted / count) : 0,
    observed_rate: count ? round(positives / count) : 0,
  }));
}
