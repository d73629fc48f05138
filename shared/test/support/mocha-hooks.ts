/** Mocha root hooks for every package: stop the embedded PostgreSQL a test process started. */
import { stopTestServer } from './testing';

export const mochaHooks = {
  async afterAll(): Promise<void> {
    await stopTestServer();
  },
};
