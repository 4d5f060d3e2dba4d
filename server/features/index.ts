import type { Router } from 'express';
import type { Deps } from '../deps';
import type { OpenAPIRegistry } from '../http/openapi';
import { adminRoutes } from './admin/admin-routes';
import { signInRoutes } from './auth/sign-in-routes';
import { captureRoutes } from './epcis/capture-routes';
import { eventsRoutes } from './epcis/events-routes';
import { declarationRoutes } from './declarations/declaration-routes';
import { healthRoutes } from './health/health-routes';
import { incidentRoutes } from './incidents/incident-routes';
import { regulatorRoutes } from './incidents/regulator-routes';
import { ledgerRoutes } from './ledger/ledger-routes';
import { quarantineRoutes } from './ledger/quarantine-routes';
import { qrRoutes } from './qr/qr-routes';
import { recallRoutes } from './recalls/recall-routes';
import { resolverRoutes } from './resolver/resolver-routes';
import { inspectionRoutes } from './supervision/inspection-routes';
import { listRoutes } from './supervision/list-routes';
import { riskRoutes } from './supervision/risk-routes';
import { warningRoutes } from './supervision/warning-routes';
import { traceRoutes } from './trace/trace-routes';

/** A feature contributes routes (and documents them in the registry). */
export type Feature = (deps: Deps, registry: OpenAPIRegistry) => Router;

/** Features in the order their routes are tried. */
export const FEATURES: readonly Feature[] = [
  healthRoutes,
  ledgerRoutes,
  quarantineRoutes,
  adminRoutes,
  signInRoutes,
  captureRoutes,
  eventsRoutes,
  traceRoutes,
  recallRoutes,
  declarationRoutes,
  incidentRoutes,
  regulatorRoutes,
  riskRoutes,
  listRoutes,
  inspectionRoutes,
  warningRoutes,
  qrRoutes,
  resolverRoutes,
];
