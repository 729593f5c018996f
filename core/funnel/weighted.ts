// Weighted revenue (加权金额): Σ expected revenue × probability / 100, kept exact as the sum of
// products and rounded half up once, on the sum. The server's stage totals and the board's
// optimistic totals after a move both go through here, so a column shows the same figure
// before and after the server confirms.

/** One opportunity's exact share: revenue (minor units) × probability (percent). */
export function weightedShare(expectedRevenue: number | null, probability: number): bigint {
  return BigInt(expectedRevenue ?? 0) * BigInt(probability);
}

/** The weighted amount, minor units, of a sum of shares: ÷ 100, half up (shares are ≥ 0). */
export function weightedAmount(sumOfShares: bigint): number {
  return Number((sumOfShares + 50n) / 100n);
}
