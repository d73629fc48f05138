export * from './layout';
export * from './base-backup';
export * from './retention';
export * from './restore';
export * from './status';
