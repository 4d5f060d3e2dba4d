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
  /** Enterprises a shipment addressed the object to that have not taken it yet. */
  readonly shippedTo?: readonly string[];
  /** Every enterprise that has held the object, in the order they took it. */
  readonly holders?: readonly string[];
  /** The container (aggregation parent) the object is packed into, while it is. */
  readonly container?: string;
}

/** An EPCIS event as stored: the captured JSON plus who recorded it and when. */
export interface EventRecord {
  readonly eventID: string;
  readonly txId: string;
  readonly recorder: string;
  readonly recordTime: string;
  readonly event: Readonly<Record<string, unknown>>;
  readonly isErrorDeclaration: boolean;
  /** Enterprises party to the event: the recorder, the enterprises its source, destination and
   * location name, and the enterprises it ships the objects to (the next holders). Sorted. */
  readonly parties?: readonly string[];
}

/** An errorDeclaration as the ledger keeps it: who declared which event erroneous, when, and why. */
export interface ErrorDeclarationRecord {
  readonly eventID: string;
  readonly declaredBy: string;
  readonly declaredAt: string;
  readonly txId: string;
  readonly errorDeclaration: Readonly<Record<string, unknown>>;
}

/** The caller as the rules see it. */
export interface Caller {
  readonly identity: IdentityRecord;
  readonly enterprise?: EnterpriseRecord;
}
