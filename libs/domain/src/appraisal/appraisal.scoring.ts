import { invalid, ruleBroken } from '../errors';
import type { AppraisalBand, AppraisalFigures, AppraisalRules, ItemScores } from './appraisal.events';

/** What the read models say about the period, passed in by whoever finalizes or revises. */
export interface WorkResults {
  figures: AppraisalFigures;
  /** The most deals any agent closed in the period (the deals item's benchmark); 0 when nobody closed one. */
  mostDealsInPeriod: number;
  /** The global position the figures include, a non-negative integer as a string. */
  upToPosition: string;
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
 * score = Σ weight × item ÷ 100, exact, rounded half-up to 2 decimals.
 */
export function scoreAppraisal(input: ScoreInput, rules: AppraisalRules): AppraisalScore {
  const { figures, mostDealsInPeriod, ability, attitude } = input;
  const items: Partial<Record<keyof ItemScores, Fraction>> = {
    dials: attainment(figures.dials, figures.targets.dials),
    effectiveCalls: attainment(figures.effectiveCalls, figures.targets.effectiveCalls),
    deals: attainment(figures.deals, mostDealsInPeriod),
    ability: { num: BigInt(ability), den: 1n },
    attitude: { num: BigInt(attitude), den: 1n },
  };
  // A specialist's numbers against 100 a week; an agent's rules have no such weight, and their scores stay as they were.
  if (rules.weights.registeredNumbers !== undefined) {
    items.registeredNumbers = attainment(figures.registeredNumbers ?? 0, figures.targets.registeredNumbers ?? 0);
  }
  // Σ weight × item is the score in hundredths of a point.
  let total: Fraction = { num: 0n, den: 1n };
  for (const key of Object.keys(items) as (keyof ItemScores)[]) {
    const weight = rules.weights[key];
    if (weight === undefined || !Number.isInteger(weight) || weight < 0) {
      throw ruleBroken('APPRAISAL.INVALID_WEIGHTS', `appraisal weight ${key} must be a non-negative integer, not ${weight}`, {
        field: `appraisal.weights.${key}`,
      });
    }
    const item = items[key]!;
    total = { num: total.num * item.den + BigInt(weight) * item.num * total.den, den: total.den * item.den };
  }
  const scoreHundredths = Number(roundHalfUp(total));
  return {
    items: {
      dials: hundredths(items.dials!),
      effectiveCalls: hundredths(items.effectiveCalls!),
      deals: hundredths(items.deals!),
      ability,
      attitude,
      ...(items.registeredNumbers && { registeredNumbers: hundredths(items.registeredNumbers) }),
    },
    score: scoreHundredths / 100,
    band: bandFor(scoreHundredths / 100, rules.bands),
  };
}

/**
 * A specialist's rules from the plan's: no dials or effective calls (DOMAIN.md: no dial quota), so
 * those items weigh 0 and their weight goes to the numbers registered (「100 new, non-duplicate
 * numbers a week」), the specialist's volume work; deals, ability and attitude keep theirs.
 */
export function specialistRules(rules: AppraisalRules): AppraisalRules {
  const w = rules.weights;
  return {
    weights: { dials: 0, effectiveCalls: 0, deals: w.deals, ability: w.ability, attitude: w.attitude, registeredNumbers: w.dials + w.effectiveCalls },
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
