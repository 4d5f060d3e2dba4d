import type { DeclarationRecord, SupervisionRecord } from './declarations';
import type { RejectedEvent } from './events';
import type { IncidentRecord } from './incidents';
import type { EnterpriseRecord, EventRecord, IdentityRecord, ObjectState } from './model';
import type { RecallRecord } from './recalls';
import type { RiskGradingRecord } from './supervision-grades';
import type { InspectionItemRecord, InspectorRecord } from './supervision-lists';
import type { InspectionPlanRecord, InspectionResultRecord } from './supervision-inspections';

/**
 * Every chaincode event the rules emit, by name, with its payload type: exactly one per
 * transaction. The index's projections are keyed by this map.
 */
export interface LedgerEventPayloads {
  readonly IdentityRegistered: { readonly identity: IdentityRecord };
  readonly EnterpriseRegistered: { readonly enterprise: EnterpriseRecord; readonly identity: IdentityRecord };
  readonly EventsRecorded: {
    readonly recorder: string;
    readonly events: readonly EventRecord[];
    readonly objects: readonly ObjectState[];
    readonly rejected: readonly RejectedEvent[];
  };
  readonly RecallOpened: { readonly recall: RecallRecord; readonly objects: readonly ObjectState[] };
  readonly RecallConfirmed: { readonly recall: RecallRecord; readonly objects: readonly ObjectState[]; readonly lots: readonly string[] };
  readonly DeclarationPublished: { readonly declaration: DeclarationRecord };
  readonly DeclarationRevised: { readonly declaration: DeclarationRecord };
  readonly DeclarationWithdrawn: { readonly declaration: DeclarationRecord };
  readonly SupervisionRecorded: { readonly supervision: SupervisionRecord };
  readonly IncidentReported: { readonly incident: IncidentRecord };
  readonly IncidentStatusChanged: { readonly incident: IncidentRecord };
  readonly RiskGradingRecorded: { readonly grading: RiskGradingRecord };
  readonly InspectionPlanRecorded: { readonly plan: InspectionPlanRecord };
  readonly InspectionDrawRecorded: { readonly plan: InspectionPlanRecord };
  readonly InspectionResultRecorded: { readonly result: InspectionResultRecord };
  readonly InspectionItemRecorded: { readonly item: InspectionItemRecord };
  readonly InspectorRecorded: { readonly inspector: InspectorRecord };
}

/** The name of a chaincode event. */
export type LedgerEventName = keyof LedgerEventPayloads;
