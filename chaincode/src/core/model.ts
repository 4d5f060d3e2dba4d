/** Roles an identity can hold on the ledger. */
export type Role = 'admin' | 'regulator' | 'enterprise';

/** A ledger identity bound to a role (and, for enterprises, to one enterprise). */
export interface IdentityRecord {
  readonly mspId: string;
  readonly id: string;
  readonly role: Role;
  readonly name: string;
  readonly enterpriseId?: string;
  readonly txId: string;
}

/** A place an enterprise operates; `city` is what consumers may see. */
export interface Location {
  readonly id: string;
  readonly name?: string;
  readonly city?: string;
  readonly province?: string;
  readonly country?: string;
}

export interface EnterpriseRecord {
  readonly id: string;
  readonly name: string;
  readonly companyPrefixes: readonly string[];
  readonly locations: readonly Location[];
  readonly identity: { readonly mspId: string; readonly id: string };
  readonly registeredAt: string;
  readonly txId: string;
}

/** What the ledger keeps per identifier (item, lot, pallet, location-free object). */
export interface ObjectState {
  readonly id: string;
  readonly owner?: string;
  readonly custodian?: string;
  readonly lastDisposition?: string;
  readonly recalled: boolean;
  readonly recallIds: readonly string[];
  readonly firstEventID: string;
  readonly lastEventID: string;
  readonly lot?: string;
}

/** An EPCIS event as stored: the captured JSON plus who recorded it and when. */
export interface EventRecord {
  readonly eventID: string;
  readonly txId: string;
  readonly recorder: string;
  readonly recordTime: string;
  readonly event: Readonly<Record<string, unknown>>;
  readonly isErrorDeclaration: boolean;
}

/** The caller as the rules see it. */
export interface Caller {
  readonly identity: IdentityRecord;
  readonly enterprise?: EnterpriseRecord;
}
