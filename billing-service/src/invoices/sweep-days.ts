/** How far back the daily sweeps look for work a missed day left undone (a limit on everything). */
export const SWEEP_DAYS = 40;
