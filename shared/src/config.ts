/**
 * Configuration from the environment (names in API.md), validated at start: a bad value stops
 * the process with a message naming the variable and the reason.
 */
import { basename, dirname, relative, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_SHIFTS, parseShifts } from './shifts';

const port = (def: number) => z.coerce.number().int().min(1).max(65535).default(def);
const flag = z
  .enum(['1', '0', 'true', 'false', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true');
const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || protocols.some((p) => v.startsWith(p)), {
      message: `must start with ${protocols.join(' or ')}`,
    });

const schema = z.object({
  PORT: port(8080),
  CONTRACT_SERVICE_PORT: port(8081),
  BILLING_SERVICE_PORT: port(8082),
  ASSESSMENT_SERVICE_PORT: port(8083),
  /** Interface the services (contract, billing, assessment) listen on: loopback by default, 0.0.0.0 in containers. */
  SEATLEASE_LISTEN_HOST: z.string().min(1).default('127.0.0.1'),
  CONTRACT_SERVICE_URL: z.string().url().optional(),
  BILLING_SERVICE_URL: z.string().url().optional(),
  ASSESSMENT_SERVICE_URL: z.string().url().optional(),
  DATABASE_URL: optionalUrl(['postgres://', 'postgresql://']),
  SEATLEASE_DATA_DIR: z.string().min(1).default('./.data'),
  /** Base backups and archived WAL of the embedded PostgreSQL; default `<data dir>-backups`, never inside the data dir. */
  SEATLEASE_BACKUP_DIR: z.string().optional().transform((v) => (v === '' ? undefined : v)),
  /** Retention: the newest base backup of each of this many most recent days… */
  SEATLEASE_BACKUP_KEEP_DAILY: z.coerce.number().int().min(1).max(366).default(7),
  /** …and of each of this many most recent ISO weeks (Asia/Shanghai). */
  SEATLEASE_BACKUP_KEEP_WEEKLY: z.coerce.number().int().min(0).max(520).default(4),
  /** Staff alert (and the metric's alert rule) when the newest base backup is older than this. */
  SEATLEASE_BACKUP_ALERT_HOURS: z.coerce.number().int().min(1).max(24 * 31).default(26),
  SEATLEASE_ADMIN_TOKEN: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || v.length >= 16, { message: 'must be at least 16 characters' }),
  SEATLEASE_INTERNAL_TOKEN: z.string().min(16, { message: 'must be at least 16 characters' }).optional(),
  SMTP_URL: optionalUrl(['smtp://', 'smtps://']),
  SEATLEASE_STAFF_EMAIL: z.string().email().default('staff@localhost'),
  SEATLEASE_MAIL_FROM: z.string().default('SeatLease 账务 <billing@seatlease.local>'),
  /** The sender of assessment-service's scorecard mails (docs/decisions/0074). */
  SEATLEASE_ASSESSMENT_MAIL_FROM: z.string().default('SeatLease 考核 <assessment@seatlease.local>'),
  STRIPE_SECRET_KEY: z.string().optional().transform((v) => (v === '' ? undefined : v)),
  STRIPE_WEBHOOK_SECRET: z.string().optional().transform((v) => (v === '' ? undefined : v)),
  /** The publishable key (pk_…) the console's Payment Element uses; with STRIPE_SECRET_KEY, tenant finance can pay a bill in the console. */
  STRIPE_PUBLISHABLE_KEY: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || /^pk_(test|live)_[A-Za-z0-9]+$/.test(v), { message: 'must be a Stripe publishable key (pk_test_… or pk_live_…)' }),
  SEATLEASE_TEST_CLOCK: flag,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Day of month M−1 on which month M is billed (SPEC §4). */
  SEATLEASE_BILLING_DAY: z.coerce.number().int().min(1).max(28).default(10),
  /** Contracts billed per transaction by a billing run (why 500: billing-service/src/runs/billing-run.ts). */
  SEATLEASE_BILLING_RUN_BATCH: z.coerce.number().int().min(1).max(1000).default(500),
  /** Days before the end of term on which renewal notices go out (SPEC §6, §2.A8). */
  SEATLEASE_RENEWAL_NOTICE_DAYS: z
    .string()
    .default('60,30')
    .refine((v) => /^\d+(,\d+)*$/.test(v), { message: 'must be a comma-separated list of day counts' })
    .transform((v) => v.split(',').map(Number)),
  /** The seat log's shifts, `name=HH:MM-HH:MM,…` in Asia/Shanghai, tiling the day (issue 16). */
  SEATLEASE_SHIFTS: z
    .string()
    .default(DEFAULT_SHIFTS)
    .transform((v, ctx) => {
      try {
        return parseShifts(v);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
        return z.NEVER;
      }
    }),
  SEATLEASE_RENEWAL_ALERT_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  SEATLEASE_UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  SEATLEASE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  /** `0`: the gateway sends forwarded reads through Express too (gateway/src/http/fast-path.ts). */
  SEATLEASE_GATEWAY_FAST_PATH: z
    .enum(['1', '0', 'true', 'false', ''])
    .optional()
    .transform((v) => v !== '0' && v !== 'false'),
  /** When a bill's fapiao is requested: once it is paid (default) or as soon as it is issued (decision 0021). */
  SEATLEASE_FAPIAO_REQUEST_ON: z.enum(['paid', 'issued'], { message: 'must be paid or issued' }).default('paid'),
  /**
   * 商品和服务税收编码 per bill line code, e.g. `rent=3040204000000000000,phone_usage=…`; codes
   * not named take the default, 3040204000000000000 业务流程管理服务 (decision 0022).
   */
  SEATLEASE_FAPIAO_TAX_CODES: z
    .string()
    .default('')
    .refine((v) => v === '' || /^[a-z_]+=\d{19}(,[a-z_]+=\d{19})*$/.test(v), { message: 'must be a comma-separated list of line_code=19-digit tax classification code' })
    .transform((v) => Object.fromEntries(v === '' ? [] : v.split(',').map((pair) => pair.split('=') as [string, string]))),
  SEATLEASE_PARTY_A_NAME: z.string().default('北京坐席云科技有限公司'),
  SEATLEASE_PARTY_A_ADDRESS: z.string().default('北京市朝阳区建国路 88 号'),
  SEATLEASE_PARTY_A_TAX_ID: z.string().default('91110105MA00000000'),
  SEATLEASE_PARTY_A_BANK_NAME: z.string().default('中国工商银行北京国贸支行'),
  SEATLEASE_PARTY_A_BANK_ACCOUNT: z.string().default('0200 0000 0000 0000 000'),
  /**
   * A fault hook for reliability test 12, refused unless SEATLEASE_TEST_CLOCK is on: the first n
   * requests a service commits under an Idempotency-Key drop their connection instead of answering.
   */
  SEATLEASE_FAULT_DROP_AFTER_COMMIT: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/** Faults exist only in test mode: a production process refuses to start with one set. */
const checkedSchema = schema.superRefine((c, ctx) => {
  if (c.SEATLEASE_FAULT_DROP_AFTER_COMMIT > 0 && !c.SEATLEASE_TEST_CLOCK) {
    ctx.addIssue({ code: 'custom', path: ['SEATLEASE_FAULT_DROP_AFTER_COMMIT'], message: 'is a test fault: refused unless SEATLEASE_TEST_CLOCK=1' });
  }
});

export type Config = z.infer<typeof schema> & { dataDir: string; backupDir: string };

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = checkedSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  // Relative to where `npm` was invoked (INIT_CWD), so `npm start -w <service>` run from the
  // repository root shares the root's data dir instead of making one per package.
  const base = env.INIT_CWD ?? process.cwd();
  const dataDir = resolve(base, result.data.SEATLEASE_DATA_DIR);
  // Beside the data dir, never inside it: a lost or wiped data dir must not take its backups along.
  const backupDir = result.data.SEATLEASE_BACKUP_DIR
    ? resolve(base, result.data.SEATLEASE_BACKUP_DIR)
    : resolve(dirname(dataDir), `${basename(dataDir)}-backups`);
  const inside = relative(dataDir, backupDir);
  if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) {
    throw new ConfigError(`invalid configuration:\n  SEATLEASE_BACKUP_DIR: must not be inside SEATLEASE_DATA_DIR (${dataDir})`);
  }
  if (/['%\n]/.test(backupDir)) {
    throw new ConfigError(`invalid configuration:\n  SEATLEASE_BACKUP_DIR: must not contain ', % or a line break (it goes into PostgreSQL's archive_command)`);
  }
  return { ...result.data, dataDir, backupDir };
}

export function contractServiceUrl(c: Config): string {
  return c.CONTRACT_SERVICE_URL ?? `http://127.0.0.1:${c.CONTRACT_SERVICE_PORT}`;
}
export function billingServiceUrl(c: Config): string {
  return c.BILLING_SERVICE_URL ?? `http://127.0.0.1:${c.BILLING_SERVICE_PORT}`;
}
export function assessmentServiceUrl(c: Config): string {
  return c.ASSESSMENT_SERVICE_URL ?? `http://127.0.0.1:${c.ASSESSMENT_SERVICE_PORT}`;
}
