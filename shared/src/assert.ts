/**
 * Invariant assertions (STYLE habit 9). A failed assertion is a bug, never a 4xx: it throws an
 * `InvariantError`, which the HTTP layer answers with 500 and logs loudly.
 */
export class InvariantError extends Error {
  constructor(message: string) {
    super(`invariant violated: ${message}`);
    this.name = 'InvariantError';
  }
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvariantError(message);
}
