/** The rule catalog. Ids are stable forever: never renumber, never reuse. */
import type { Rule } from '../src/engine/rule';
import TFXA001 from './TFXA001-root-trust-without-conditions/rule';
import TFXA002 from './TFXA002-missing-external-id/rule';
import TFXA003 from './TFXA003-wildcard-trust-principal/rule';
import TFXA101 from './TFXA101-bucket-without-kms-grant/rule';

export const RULES: Rule[] = [TFXA001, TFXA002, TFXA003, TFXA101] as unknown as Rule[];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id.toUpperCase());
}
