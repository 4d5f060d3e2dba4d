import type { RiskRules } from '../../../chaincode/src/core/supervision-grades';
import type { Config } from '../../config/config';

/** The kinds of credit-record entries, each a ledger record that counts against an enterprise. */
export const CREDIT_KINDS = [
  'failed-inspection',
  'late-incident-report',
  'recall',
  'non-conforming-spot-check',
  'below-recommended-declaration',
  'withdrawn-declaration',
] as const;
export type CreditKind = (typeof CREDIT_KINDS)[number];

/**
 * The built-in grading rules (documented in docs/supervision.md). Change them by setting RISK_RULES
 * with a new `version`: every grading run records the rules it ran under.
 */
export const DEFAULT_RISK_RULES: RiskRules = {
  version: 'suyuan-risk-2026.12-1',
  lookbackDays: 730,
  weights: {
    'failed-inspection': 30,
    'late-incident-report': 20,
    recall: 25,
    'non-conforming-spot-check': 15,
    'below-recommended-declaration': 5,
    'withdrawn-declaration': 3,
  },
  thresholds: { grade1: 50, grade2: 20 },
};

/** The rules in force: RISK_RULES when set, else the built-in ones. */
export function riskRules(config: Pick<Config, 'RISK_RULES'>): RiskRules {
  return config.RISK_RULES ?? DEFAULT_RISK_RULES;
}

/** What the plan asks for grade 1 (一级) actors, listed with them. */
export const GRADE1_MEASURES = [
  'higher inspection ratio: drawn at the grade-1 ratio of each inspection plan (the highest)',
  'violation records made public: the credit record is published at /enterprises/{id}/credit',
] as const;
