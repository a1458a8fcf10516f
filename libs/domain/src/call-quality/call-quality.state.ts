import type { CallQualityEvent, CallSampleDrawn } from './call-quality.events';

export interface CallScore {
  score: number;
  comment: string | null;
  scoredBy: string;
  scoredAt: string;
}

/** A period's draw and the latest score of each drawn call scored so far. */
export interface QualityDraw extends Omit<CallSampleDrawn['data'], 'drawnBy' | 'drawnAt'> {
  drawnBy: string;
  drawnAt: string;
  scores: ReadonlyMap<string, CallScore>;
}

/** An agent's draws by period. */
export interface CallQualityState {
  draws: ReadonlyMap<string, QualityDraw>;
}

export const initialCallQualityState: CallQualityState = { draws: new Map() };

export function evolveCallQuality(state: CallQualityState, event: CallQualityEvent): CallQualityState {
  switch (event.type) {
    case 'CallSampleDrawn': {
      const draw: QualityDraw = { ...event.data, callIds: [...event.data.callIds], scores: new Map() };
      return { draws: new Map(state.draws).set(event.data.period, draw) };
    }
    case 'CallQualityScored': {
      const { period, callId, score, comment, scoredBy, scoredAt } = event.data;
      const draw = state.draws.get(period);
      if (!draw) return state;
      const scores = new Map(draw.scores).set(callId, { score, comment, scoredBy, scoredAt });
      return { draws: new Map(state.draws).set(period, { ...draw, scores }) };
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** The period's quality figure: how many calls were drawn, how many are scored, and the sum of their latest scores. */
export interface QualityFigure {
  sampled: number;
  scored: number;
  points: number;
}

export function qualityFigure(state: CallQualityState, period: string): QualityFigure | undefined {
  const draw = state.draws.get(period);
  if (!draw) return undefined;
  let points = 0;
  for (const callId of draw.callIds) points += draw.scores.get(callId)?.score ?? 0;
  return { sampled: draw.callIds.length, scored: draw.callIds.filter((id) => draw.scores.has(id)).length, points };
}

/** The draws a call was drawn in (a month's, a quarter's or a year's). */
export function drawsOfCall(state: CallQualityState, callId: string): QualityDraw[] {
  return [...state.draws.values()].filter((d) => d.callIds.includes(callId));
}
