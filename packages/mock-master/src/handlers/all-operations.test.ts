import { type OperationInfo, operationTable } from '@determined-ts/bindings';
import { startForTest } from '../testing/start-for-test';
import { ENTERPRISE_ONLY_MESSAGE, ENTERPRISE_ONLY_OPERATIONS } from './rbac';
import { CLUSTER_STEPS } from './walk-steps-cluster';
import { FINAL_STEPS } from './walk-steps-final';
import { READ_STEPS } from './walk-steps-read';
import { SETUP_STEPS } from './walk-steps-setup';
import { WRITE_STEPS } from './walk-steps-write';
import { type StepFor, target, WALK_SCENARIO, type World } from './walk-world';

const STEPS: readonly StepFor[] = [
  ...SETUP_STEPS,
  ...READ_STEPS,
  ...WRITE_STEPS,
  ...CLUSTER_STEPS,
  ...FINAL_STEPS,
];
const OPERATIONS: Readonly<Record<string, OperationInfo>> = operationTable;

describe('every operation of the spec', () => {
  const env = startForTest({ speed: 0, seed: 7, scenario: WALK_SCENARIO });

  it('is answered, with a spec-valid body, and with 501 only where the OSS master answers Unimplemented', async () => {
    const token = await env.login('admin');
    const world = {} as World;
    const seen = new Set<string>();
    const failures: string[] = [];
    for (const make of STEPS) {
      const step = make(world);
      let path: string;
      try {
        path = target(OPERATIONS[step.op] ?? ({ path: '', operationId: step.op } as OperationInfo), step);
      } catch (error) {
        failures.push(`${step.op}: ${(error as Error).message} (an earlier step failed)`);
        seen.add(step.op);
        continue;
      }
      const op = OPERATIONS[step.op];
      if (op === undefined) throw new Error(`unknown operation ${step.op}`);
      seen.add(step.op);
      const res = await fetch(`${env.url}${path}`, {
        method: op.method.toUpperCase(),
        headers: { authorization: `Bearer ${token}` },
        ...(step.body === undefined ? {} : { body: JSON.stringify(step.body) }),
      });
      const text = await res.text();
      const enterpriseOnly = ENTERPRISE_ONLY_OPERATIONS.includes(step.op);
      if (res.status !== (enterpriseOnly ? 501 : 200)) {
        failures.push(`${step.op} ${op.method.toUpperCase()} ${path} → ${res.status} ${text.slice(0, 300)}`);
        continue;
      }
      if (enterpriseOnly) expect(text).toContain(ENTERPRISE_ONLY_MESSAGE);
      else if (step.keep && !op.streaming) step.keep(JSON.parse(text) as Record<string, unknown>, world);
    }
    expect(failures).toEqual([]);
    expect([...seen].sort()).toEqual(Object.keys(OPERATIONS).sort());
    expect(env.mock.responseViolations).toEqual([]);
  });
});
