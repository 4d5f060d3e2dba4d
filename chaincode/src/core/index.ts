export * from './state';
export * from './model';
export * from './errors';
export * from './json';
export { invoke, SUBMIT_FUNCTIONS, EVALUATE_FUNCTIONS } from './transactions';
export type { RecordEventsInput, RecordEventsResult, RejectedEvent, EventInput } from './events';
export type { OpenRecallInput, RecallRecord, RecallNotice } from './recalls';
export type { RegisterEnterpriseInput, RegisterIdentityInput } from './enterprises';
