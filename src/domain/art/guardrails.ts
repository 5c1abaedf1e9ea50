import type { Allocation } from '../allocation';
import { DomainError, ref } from '../errors';

/** The train's bounds on one work type's share of a team's allocation, whole percent; null: no bound. */
export interface Guardrail {
  min: number | null;
  max: number | null;
}

/** Work type -> its guardrail. */
export type ArtGuardrails = Record<string, Guardrail>;

export interface GuardrailBreach {
  workType: string;
  share: number;
  min: number | null;
  max: number | null;
  kind: 'belowMin' | 'aboveMax';
}

function checkBound(workType: string, which: 'minimum' | 'maximum', value: number | null): void {
  if (value === null) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 100) {
    throw new DomainError('invalidAllocation', `The ${which} of "${workType}" must be a whole percentage between 0 and 100, got ${String(value)}`, ref(`domain.guardrail.${which}`, { workType, value: String(value) }));
  }
}

/** Throws a DomainError unless every bound is a whole percent 0..100, each minimum at most its maximum, and the minimums sum to at most 100%. */
export function validateGuardrails(guardrails: ArtGuardrails): void {
  let minimums = 0;
  for (const [workType, { min, max }] of Object.entries(guardrails)) {
    checkBound(workType, 'minimum', min);
    checkBound(workType, 'maximum', max);
    if (min !== null && max !== null && min > max) {
      throw new DomainError('invalidAllocation', `The guardrail of "${workType}" has minimum ${min}% above its maximum ${max}%: lower the minimum or raise the maximum`, ref('domain.guardrail.minAboveMax', { workType, min, max }));
    }
    minimums += min ?? 0;
  }
  if (minimums > 100) {
    throw new DomainError('invalidAllocation', `The guardrails' minimums sum to ${minimums}%: no allocation can meet them all, lower some to total at most 100%`, ref('domain.guardrail.minimumsOver', { sum: minimums }));
  }
}

/** Where a team's saved allocation falls outside the train's guardrails (a type it does not name has 0%); teams still decide, nothing is changed. */
export function guardrailBreaches(allocation: Allocation, guardrails: ArtGuardrails): GuardrailBreach[] {
  const out: GuardrailBreach[] = [];
  for (const [workType, { min, max }] of Object.entries(guardrails)) {
    const share = allocation[workType] ?? 0;
    if (min !== null && share < min) out.push({ workType, share, min, max, kind: 'belowMin' });
    else if (max !== null && share > max) out.push({ workType, share, min, max, kind: 'aboveMax' });
  }
  return out;
}
