import type { TestService } from './test-service';

async function post(t: TestService, key: string, path: string, body: object = {}): Promise<Record<string, any>> {
  const res = await t.http.post(path).set('Authorization', `Bearer ${key}`).send(body);
  if (res.status !== 201) throw new Error(`supervision fixture ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Record<string, any>;
}

/**
 * Records one of every supervision record through the API with `regulatorKey`: an inspection item,
 * an inspector, a grading run, a plan drawn over `enterpriseId`, and a result; so every supervision
 * table has a row.
 */
export async function recordSupervisionFixtures(t: TestService, regulatorKey: string, enterpriseId: string): Promise<void> {
  await post(t, regulatorKey, '/inspections/items', { id: 'label', name: 'Labelling' });
  await post(t, regulatorKey, '/inspections/inspectors', { id: 'fixture-inspector', name: 'Fixture inspector' });
  await post(t, regulatorKey, '/regulator/risk/grade');
  const rules = { version: 'fixture-1', ratioPercentByGrade: { '1': 100, '2': 100, '3': 100 }, inspectorsPerTarget: 1 };
  const plan = await post(t, regulatorKey, '/inspections/plans', {
    title: 'fixture plan',
    targets: { enterprises: [enterpriseId] },
    rules,
  });
  // A second plan commits the block after the first, whose hash seeds the first one's draw.
  await post(t, regulatorKey, '/inspections/plans', { title: 'fixture plan 2', targets: { enterprises: [enterpriseId] }, rules });
  await post(t, regulatorKey, `/inspections/plans/${String(plan.id)}/draw`);
  await post(t, regulatorKey, `/inspections/${String(plan.id)}/results`, { enterpriseId, outcome: 'fail', findings: 'fixture finding' });
}
