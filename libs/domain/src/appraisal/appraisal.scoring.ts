import { invalid, ruleBroken } from '../errors';
import type { QualityFigure } from '../call-quality/call-quality.state';
import type { AppraisalBand, AppraisalFigures, AppraisalRules, ItemScores } from './appraisal.events';

/** What the read models say about the period, passed in by whoever finalizes or revises. */
export interface WorkResults {
  figures: AppraisalFigures;
  /** The most deals any agent closed in the period (the deals item's benchmark); 0 when nobody closed one. */
  mostDealsInPeriod: number;
  /** The global position the figures include, a non-negative integer as a string. */
  upToPosition: string;
  /** The period's call-quality draw and its scores, when there is one (read by whoever finalizes or revises). */
  quality?: QualityFigure;
}

export interface ScoreInput {
  figures: AppraisalFigures;
  mostDealsInPeriod: number;
  ability: number;
  attitude: number;
}

export interface AppraisalScore {
  items: ItemScores;
  /** Points 0–100, at most 2 decimals. */
  score: number;
  band: AppraisalBand;
}

/** An exact non-negative fraction, so the score is rounded once, at the end. */
interface Fraction {
  num: bigint;
  den: bigint;
}

/** min(100, 100 × actual ÷ target); a target of 0 asks nothing, so it is met. */
function attainment(actual: number, target: number): Fraction {
  if (target <= 0 || actual >= target) return { num: 100n, den: 1n };
  return { num: 100n * BigInt(actual), den: BigInt(target) };
}

// floor((2n + d) / 2d) is n/d rounded half-up, exactly, for non-negative n.
const roundHalfUp = ({ num, den }: Fraction): bigint => (2n * num + den) / (2n * den);
const hundredths = (f: Fraction): number => Number(roundHalfUp({ num: f.num * 100n, den: f.den })) / 100;

/**
 * Each work item scores min(100, 100 × actual ÷ target): dials against the dials target,
 * effective calls against the effective-call target, deals against the most deals any agent
 * closed in the period (100 when nobody closed one); ability and attitude count as scored.
 * When the plan weighs call quality, its item is the mean score of the period's drawn calls.
 * score = Σ weight × item ÷ 100, exact, rounded half-up to 2 decimals.
 */
export function scoreAppraisal(input: ScoreInput, rules: AppraisalRules): AppraisalScore {
  const { figures, mostDealsInPeriod, ability, attitude } = input;
  const base = {
    dials: attainment(figures.dials, figures.targets.dials),
    effectiveCalls: attainment(figures.effectiveCalls, figures.targets.effectiveCalls),
    deals: attainment(figures.deals, mostDealsInPeriod),
    ability: { num: BigInt(ability), den: 1n },
    attitude: { num: BigInt(attitude), den: 1n },
  };
  const items: Partial<Record<keyof ItemScores, Fraction>> = { ...base };
  // Call quality counts only in plans that weigh it, so that older plans score exactly as before.
  if (weighsQuality(rules)) {
    const quality = figures.quality;
    if (!quality) throw ruleBroken('APPRAISAL.QUALITY_NOT_SCORED', 'the plan weighs call quality but the figures have none', { field: 'figures.quality' });
    items.quality = quality.calls === 0 ? { num: 100n, den: 1n } : { num: BigInt(quality.points), den: BigInt(quality.calls) };
  }
  // A specialist's numbers against 100 a week; an agent's rules have no such weight, and their scores stay as they were.
  if (rules.weights.registeredNumbers !== undefined) {
    items.registeredNumbers = attainment(figures.registeredNumbers ?? 0, figures.targets.registeredNumbers ?? 0);
  }
  // Σ weight × item is the score in hundredths of a point.
  let total: Fraction = { num: 0n, den: 1n };
  for (const key of Object.keys(items) as (keyof ItemScores)[]) {
    const weight = rules.weights[key] ?? 0;
    if (!Number.isInteger(weight) || weight < 0) {
      throw ruleBroken('APPRAISAL.INVALID_WEIGHTS', `appraisal weight ${key} must be a non-negative integer, not ${weight}`, {
        field: `appraisal.weights.${key}`,
      });
    }
    const item = items[key];
    if (!item) continue;
    total = { num: total.num * item.den + BigInt(weight) * item.num * total.den, den: total.den * item.den };
  }
  const scoreHundredths = Number(roundHalfUp(total));
  return {
    items: {
      dials: hundredths(base.dials),
      effectiveCalls: hundredths(base.effectiveCalls),
      deals: hundredths(base.deals),
      ability,
      attitude,
      ...(items.quality ? { quality: hundredths(items.quality) } : {}),
      ...(items.registeredNumbers ? { registeredNumbers: hundredths(items.registeredNumbers) } : {}),
    },
    score: scoreHundredths / 100,
    band: bandFor(scoreHundredths / 100, rules.bands),
  };
}

/** Whether the rules give call quality a weight: only then is it an item of the score. */
export const weighsQuality = (rules: Pick<AppraisalRules, 'weights'>): boolean => (rules.weights.quality ?? 0) > 0;

/**
 * The figure an appraisal freezes from the period's draw: every drawn call must be scored first
 * (422 APPRAISAL.QUALITY_NOT_SCORED names what is missing). A draw of no calls asks nothing.
 */
export function qualityFigureFor(results: WorkResults, period: string): { calls: number; points: number } {
  const quality = results.quality;
  if (!quality) {
    throw ruleBroken(
      'APPRAISAL.QUALITY_NOT_SCORED',
      `the plan weighs call quality, but no calls have been drawn for ${period}; payroll or hr draws them first`,
      {
        period,
      },
    );
  }
  if (quality.scored < quality.sampled) {
    throw ruleBroken(
      'APPRAISAL.QUALITY_NOT_SCORED',
      `${quality.sampled - quality.scored} of the ${quality.sampled} calls drawn for ${period} are not scored yet`,
      {
        period,
        sampled: quality.sampled,
        scored: quality.scored,
      },
    );
  }
  return { calls: quality.sampled, points: quality.points };
}

/**
 * A specialist's rules from the plan's: no dials or effective calls (DOMAIN.md: no dial quota), so
 * those items weigh 0 and their weight goes to the numbers registered (「100 new, non-duplicate
 * numbers a week」), the specialist's volume work; deals, ability and attitude keep theirs.
 */
export function specialistRules(rules: AppraisalRules): AppraisalRules {
  const w = rules.weights;
  return {
    // They make no calls to sample either: call quality's weight, where a plan gives one, goes to the numbers too.
    weights: {
      dials: 0,
      effectiveCalls: 0,
      deals: w.deals,
      ability: w.ability,
      attitude: w.attitude,
      registeredNumbers: w.dials + w.effectiveCalls + (w.quality ?? 0),
    },
    bands: { ...rules.bands },
  };
}

/** The highest band whose threshold is at or below the score; below C is D. */
export function bandFor(score: number, bands: AppraisalRules['bands']): AppraisalBand {
  const inHundredths = Math.round(score * 100);
  for (const band of ['S', 'A', 'B', 'C'] as const) {
    if (inHundredths >= Math.round(bands[band] * 100)) return band;
  }
  return 'D';
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/** Figures are counts; the agent's deals cannot exceed the most anyone closed. */
export function assertWorkResults(results: WorkResults): void {
  const { figures, mostDealsInPeriod, upToPosition } = results;
  const counts: [string, unknown][] = [
    ['figures.dials', figures?.dials],
    ['figures.effectiveCalls', figures?.effectiveCalls],
    ['figures.deals', figures?.deals],
    ['figures.targets.dials', figures?.targets?.dials],
    ['figures.targets.effectiveCalls', figures?.targets?.effectiveCalls],
    ['mostDealsInPeriod', mostDealsInPeriod],
    ...(figures?.registeredNumbers !== undefined ? ([['figures.registeredNumbers', figures.registeredNumbers]] as [string, unknown][]) : []),
    ...(figures?.targets?.registeredNumbers !== undefined
      ? ([['figures.targets.registeredNumbers', figures.targets.registeredNumbers]] as [string, unknown][])
      : []),
  ];
  for (const [field, value] of counts) {
    if (!isCount(value)) throw invalid('APPRAISAL.INVALID_FIGURES', `${field} must be a non-negative integer, not ${JSON.stringify(value)}`, { field });
  }
  if (typeof upToPosition !== 'string' || !/^\d+$/.test(upToPosition)) {
    throw invalid('APPRAISAL.INVALID_FIGURES', `upToPosition must be a global position as a string of digits, not ${JSON.stringify(upToPosition)}`, {
      field: 'upToPosition',
    });
  }
  if (figures.deals > mostDealsInPeriod) {
    throw ruleBroken(
      'APPRAISAL.INCONSISTENT_FIGURES',
      `the agent closed ${figures.deals} deals but the most any agent closed is said to be ${mostDealsInPeriod}`,
      { field: 'mostDealsInPeriod' },
    );
  }
}
