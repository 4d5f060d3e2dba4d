import type { DrawnTarget } from '../../../chaincode/src/core/supervision-draw';

/** `inspection_targets`: one row per drawn target of a plan. */
export interface InspectionTargetRow {
  plan_id: string;
  enterprise_id: string;
  grade: number;
  position: number;
  inspectors: DrawnTarget['inspectors'];
}
