import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';

interface RecordEventsInput {
  readonly events: ReadonlyArray<{ readonly eventID: string; readonly event: unknown }>;
}

/**
 * The ceiling the Fabric benchmark compares the real chaincode with: the same RecordEvents call
 * with the same arguments, answering the same result shape, but with no rules at all — one
 * putState of each event's JSON under its eventID, no reads, no chaincode event.
 */
@Info({ title: 'SuyuanCeiling', description: 'Benchmark ceiling: one putState per event, no rules' })
export class CeilingContract extends Contract {
  constructor() {
    super('SuyuanCeiling');
  }

  @Transaction()
  @Returns('string')
  async RecordEvents(ctx: Context, arg: string): Promise<string> {
    const input = JSON.parse(arg) as RecordEventsInput;
    for (const { eventID, event } of input.events) {
      await ctx.stub.putState(ctx.stub.createCompositeKey('ev', [eventID]), Buffer.from(JSON.stringify(event)));
    }
    return JSON.stringify({ accepted: input.events.map((e) => e.eventID), duplicates: [], rejected: [] });
  }

  /** Answered so that the service's gateway client, which asks it of every identity it opens with, opens here too. */
  @Transaction(false)
  @Returns('string')
  WhoAmI(_ctx: Context, _arg: string): Promise<string> {
    return Promise.resolve('{}');
  }
}

/** What `fabric-chaincode-node server` loads from package.json `main`. */
export const contracts = [CeilingContract];
