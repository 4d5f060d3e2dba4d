export * from './state';
export * from './model';
export * from './errors';
export * from './json';
export { invoke, SUBMIT_FUNCTIONS, EVALUATE_FUNCTIONS, type SubmitName, type EvaluateName, type Input, type Output } from './transactions';
export type { LedgerEventPayloads, LedgerEventName } from './ledger-events';
export type { RecordEventsInput, RecordEventsResult, RejectedEvent, EventInput } from './events';
export type { OpenRecallInput, RecallRecord, RecallNotice, AffectedLot, ConfirmRecallInput } from './recalls';
export type { RegisterEnterpriseInput, RegisterIdentityInput } from './enterprises';
