/**
 * The three services as real child processes (tests/src/processes.ts) keeping ALL of their
 * stdout and stderr, at debug level, for the leak scan.
 */
import { startProcesses, type ProcessSystem } from '../../src/processes';

export type LoggedSystem = ProcessSystem;

export function startLoggedProcesses(label: string, extraEnv: Record<string, string> = {}): Promise<LoggedSystem> {
  return startProcesses(label, { LOG_LEVEL: 'debug', ...extraEnv }, { keepLogs: true });
}
