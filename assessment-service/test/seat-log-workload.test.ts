/**
 * Pure table tests: handled counts from the seat shift log (docs/decisions/0075) — stretches
 * folded into one workday per agent and shift date, the role the calls count in, accounts no
 * agent uses, and recorded days winning over derived ones; then the benchmark on the result.
 */
import { expect } from 'chai';
import { mergeWorkdays, seatLogWorkdays, seatRoleOf } from '../src/rules/seat-log-workload';
import { workloadLines, type WorkdayRow } from '../src/rules/workload';

describe('assessment rules: workdays from the seat shift log', () => {
  const agents = [
    { id: 'A', roles: ['intake'] as const, seatAccount: 'acc-a' },
    { id: 'B', roles: ['shift_lead', 'dispatcher'] as const, seatAccount: 'acc-b' },
    { id: 'C', roles: ['commander'] as const, seatAccount: 'acc-c' },
  ];

  it('takes the per-case role first: intake, then dispatcher, else the first role', () => {
    const table: Array<[Parameters<typeof seatRoleOf>[0], string]> = [
      [['intake'], 'intake'],
      [['dispatcher', 'intake'], 'intake'],
      [['shift_lead', 'dispatcher'], 'dispatcher'],
      [['commander', 'shift_lead'], 'commander'],
    ];
    for (const [roles, role] of table) expect(seatRoleOf(roles), roles.join(',')).to.equal(role);
  });

  it('folds the stretches of a shift date into one day (实际出勤), summing their calls; ignores accounts no agent uses', () => {
    const days = seatLogWorkdays(agents, [
      { agentAccount: 'acc-a', shiftDate: '2027-03-01', calls: 7 },
      { agentAccount: 'acc-a', shiftDate: '2027-03-01', calls: 5 }, // a second seat the same day
      { agentAccount: 'acc-a', shiftDate: '2027-03-02', calls: 0 }, // on duty, no calls: still a day
      { agentAccount: 'acc-b', shiftDate: '2027-03-01', calls: 9 },
      { agentAccount: 'stranger', shiftDate: '2027-03-01', calls: 99 },
    ]);
    expect(days).to.deep.equal([
      { agentId: 'A', role: 'intake', workDate: '2027-03-01', handled: 12 },
      { agentId: 'A', role: 'intake', workDate: '2027-03-02', handled: 0 },
      { agentId: 'B', role: 'dispatcher', workDate: '2027-03-01', handled: 9 },
    ]);
  });

  it('keeps a recorded day over the derived one of the same agent, date and role', () => {
    const recorded: WorkdayRow[] = [{ agentId: 'A', role: 'intake', workDate: '2027-03-01', handled: 10 }];
    const derived: WorkdayRow[] = [
      { agentId: 'A', role: 'intake', workDate: '2027-03-01', handled: 12 },
      { agentId: 'A', role: 'intake', workDate: '2027-03-02', handled: 14 },
      { agentId: 'A', role: 'dispatcher', workDate: '2027-03-01', handled: 3 },
    ];
    expect(mergeWorkdays(recorded, derived)).to.deep.equal([recorded[0], derived[1], derived[2]]);
  });

  it('feeds the benchmark as recorded days do: 2 intake agents, 3 days, 36 calls → 12 a day', () => {
    const two = [...agents, { id: 'D', roles: ['intake'] as const, seatAccount: 'acc-d' }];
    const days = seatLogWorkdays(two, [
      { agentAccount: 'acc-a', shiftDate: '2027-03-01', calls: 15 },
      { agentAccount: 'acc-a', shiftDate: '2027-03-02', calls: 11 },
      { agentAccount: 'acc-d', shiftDate: '2027-03-01', calls: 10 },
    ]);
    // A: 26 handled in 2 days, expected 12 × 2 = 24 → 2 cases above → +1.0; D: 10 − 12 = 2 below → −1.0.
    expect(workloadLines(days, '2027-03', 'A')[0]).to.deep.include({ itemCode: 'workload.intake', units: 2 });
    expect(workloadLines(days, '2027-03', 'D')[0]).to.deep.include({ itemCode: 'workload.intake', units: -2 });
  });
});
