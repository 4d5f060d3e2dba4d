import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import { invoke } from './core/transactions';
import { FabricState } from './fabric-state';

/** Runs one core transaction against the Fabric context; the result is JSON with sorted keys. */
function run(ctx: Context, name: string, arg: string): Promise<string> {
  return invoke(new FabricState(ctx), name, arg);
}

/**
 * Suyuan's Fabric contract. Every method is a thin adapter: one JSON string in, one JSON string
 * out, the rules in `core/`. Authorship comes from `ctx.clientIdentity` inside `FabricState`.
 * Keep one method per entry of `SUBMIT_FUNCTIONS` (`@Transaction()`) and `EVALUATE_FUNCTIONS`
 * (`@Transaction(false)`); test/behaviour/contract.test.ts fails when one is missing.
 */
@Info({
  title: 'suyuan',
  description: 'Suyuan product traceability: EPCIS events, recalls, declarations, incidents',
  license: 'Apache-2.0',
  version: '0.1.0',
})
export class TraceContract extends Contract {
  constructor() {
    super('suyuan');
  }

  @Transaction()
  @Returns('string')
  Bootstrap(ctx: Context, arg: string): Promise<string> {
    return run(ctx, 'Bootstrap', arg);
  }

  @Transaction()
  @Returns('string')
  RegisterIdentity(ctx: Context, arg: string): Promise<string> {
    return run(ctx, 'RegisterIdentity', arg);
  }

  @Transaction()
  @Returns('string')
  RegisterEnterprise(ctx: Context, arg: string): Promise<string> {
    return run(ctx, 'RegisterEnterprise', arg);
  }

  @Transaction()
  @Returns('string')
  RecordEvents(ctx: Context, arg: string): Promise<string> {
    return run(ctx, 'RecordEvents', arg);
  }

  @Transaction()
  @Returns('string')
  OpenRecall(ctx: Context, arg: string): Promise<string> {
    return run(ctx, 'OpenRecall', arg);
  }

  @Transaction()
  @Returns('string')
  ConfirmRecall(ctx: Context, arg: string): Promise<string> {
    return run(ctx, 'ConfirmRecall', arg);
  }

  @Transaction()
  @Returns('string')
  PublishDeclaration(ctx: Context, arg: string): Promise<string> {
    return run(ctx, 'PublishDeclaration', arg);
  }

  @Transaction()
  @Returns('string')
  ReviseDeclaration(ctx: Context, arg: string): Promise<string> {
    return run(ctx, 'ReviseDeclaration', arg);
  }

  @Transaction()
  @Returns('string')
  WithdrawDeclaration(ctx: Context, arg: string): Promise<string> {
    return run(ctx, 'WithdrawDeclaration', arg);
  }

  @Transaction()
  @Returns('string')
  RecordSupervision(ctx: Context, arg: string): Promise<string> {
    return run(ctx, 'RecordSupervision', arg);
  }

  @Transaction()
  @Returns('string')
  ReportIncident(ctx: Context, arg: string): Promise<string> {
    return run(ctx, 'ReportIncident', arg);
  }

  @Transaction()
  @Returns('string')
  SetIncidentStatus(ctx: Context, arg: string): Promise<string> {
    return run(ctx, 'SetIncidentStatus', arg);
  }

  @Transaction()
  @Returns('string')
  RecordRiskGrading(ctx: Context, arg: string): Promise<string> {
    return run(ctx, 'RecordRiskGrading', arg);
  }

  @Transaction()
  @Returns('string')
  RecordInspectionPlan(ctx: Context, arg: string): Promise<string> {
    return run(ctx, 'RecordInspectionPlan', arg);
  }

  @Transaction()
  @Returns('string')
  RecordInspectionDraw(ctx: Context, arg: string): Promise<string> {
    return run(ctx, 'RecordInspectionDraw', arg);
  }

  @Transaction()
  @Returns('string')
  RecordInspectionResult(ctx: Context, arg: string): Promise<string> {
    return run(ctx, 'RecordInspectionResult', arg);
  }

  @Transaction()
  @Returns('string')
  RecordInspectionItem(ctx: Context, arg: string): Promise<string> {
    return run(ctx, 'RecordInspectionItem', arg);
  }

  @Transaction()
  @Returns('string')
  RecordInspector(ctx: Context, arg: string): Promise<string> {
    return run(ctx, 'RecordInspector', arg);
  }

  @Transaction(false)
  @Returns('string')
  GetEnterprise(ctx: Context, arg: string): Promise<string> {
    return run(ctx, 'GetEnterprise', arg);
  }

  @Transaction(false)
  @Returns('string')
  GetEvent(ctx: Context, arg: string): Promise<string> {
    return run(ctx, 'GetEvent', arg);
  }

  @Transaction(false)
  @Returns('string')
  GetObject(ctx: Context, arg: string): Promise<string> {
    return run(ctx, 'GetObject', arg);
  }

  @Transaction(false)
  @Returns('string')
  GetRecall(ctx: Context, arg: string): Promise<string> {
    return run(ctx, 'GetRecall', arg);
  }

  @Transaction(false)
  @Returns('string')
  GetDeclaration(ctx: Context, arg: string): Promise<string> {
    return run(ctx, 'GetDeclaration', arg);
  }

  @Transaction(false)
  @Returns('string')
  GetIncident(ctx: Context, arg: string): Promise<string> {
    return run(ctx, 'GetIncident', arg);
  }

  @Transaction(false)
  @Returns('string')
  GetInspectionPlan(ctx: Context, arg: string): Promise<string> {
    return run(ctx, 'GetInspectionPlan', arg);
  }

  @Transaction(false)
  @Returns('string')
  WhoAmI(ctx: Context, arg: string): Promise<string> {
    return run(ctx, 'WhoAmI', arg);
  }
}
