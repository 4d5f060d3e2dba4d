import type { Table } from './columns';
import type { ApiKeyRow } from './api-keys';
import type { CaptureJobRow } from './capture-jobs';
import type { ComplaintRow } from './complaints';
import type { CustodyRow, CustodyView } from './custody';
import type { DeclarationProductRow } from './declaration-products';
import type { DeclarationSupervisionRow } from './declaration-supervision';
import type { DeclarationVersionRow } from './declaration-versions';
import type { DeclarationIndexRow } from './declarations';
import type { EnterpriseRow } from './enterprises';
import type { EventDeclarationRow } from './event-declarations';
import type { EventEpcRow, EventEpcView } from './event-epcs';
import type { EventPartyRow, EventPartyView } from './event-parties';
import type { EventRow } from './events';
import type { IdentifierRow } from './identifiers';
import type { IncidentProductRow } from './incident-products';
import type { IncidentStatusRow } from './incident-status-history';
import type { IncidentIndexRow } from './incidents';
import type { IndexBindingRow } from './index-binding';
import type { QuarantineRow } from './index-quarantine';
import type { InspectionItemRow } from './inspection-items';
import type { InspectionPlanRow } from './inspection-plans';
import type { InspectionResultRow } from './inspection-results';
import type { InspectionTargetRow } from './inspection-targets';
import type { InspectorRow } from './inspectors';
import type { LedgerCheckpointRow } from './ledger-checkpoint';
import type { LineageEdgeRow, LineageEdgeView } from './lineage-edges';
import type { RecallLotRow } from './recall-lots';
import type { RecallRow } from './recalls';
import type { RiskGradeRow } from './risk-grades';
import type { RiskGradingRow } from './risk-gradings';
import type { WebSessionRow } from './web-sessions';

/**
 * Every index table's row type, known to knex: `knex('events')` reads `EventRow`s and accepts
 * writes of its columns (see `Table`), with no generic or cast at the call. One module per table,
 * beside this one; a migration that changes a table changes its module.
 */
declare module 'knex/types/tables' {
  interface Tables {
    api_keys: Table<ApiKeyRow>;
    capture_jobs: Table<CaptureJobRow>;
    complaints: Table<ComplaintRow>;
    custody: Table<CustodyRow>;
    declaration_products: Table<DeclarationProductRow>;
    declaration_supervision: Table<DeclarationSupervisionRow>;
    declaration_versions: Table<DeclarationVersionRow>;
    declarations: Table<DeclarationIndexRow>;
    enterprises: Table<EnterpriseRow>;
    event_declarations: Table<EventDeclarationRow>;
    event_epcs: Table<EventEpcRow>;
    event_parties: Table<EventPartyRow>;
    events: Table<EventRow>;
    identifiers: Table<IdentifierRow>;
    incident_products: Table<IncidentProductRow>;
    incident_status_history: Table<IncidentStatusRow>;
    incidents: Table<IncidentIndexRow>;
    index_binding: Table<IndexBindingRow>;
    index_quarantine: Table<QuarantineRow>;
    inspection_items: Table<InspectionItemRow>;
    inspection_plans: Table<InspectionPlanRow>;
    inspection_results: Table<InspectionResultRow>;
    inspection_targets: Table<InspectionTargetRow>;
    inspectors: Table<InspectorRow>;
    ledger_checkpoint: Table<LedgerCheckpointRow>;
    lineage_edges: Table<LineageEdgeRow>;
    recall_lots: Table<RecallLotRow>;
    recalls: Table<RecallRow>;
    risk_grades: Table<RiskGradeRow>;
    risk_gradings: Table<RiskGradingRow>;
    web_sessions: Table<WebSessionRow>;
    v_custody: Table<CustodyView>;
    v_event_epcs: Table<EventEpcView>;
    v_event_parties: Table<EventPartyView>;
    v_lineage_edges: Table<LineageEdgeView>;
  }
}
