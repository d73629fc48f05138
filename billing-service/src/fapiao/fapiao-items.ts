/**
 * Which fapiao item each bill line code is sold as, and under which tax classification code
 * (商品和服务税收编码). The default and its reason: docs/decisions/0022-fapiao-lines-and-tax-codes.md.
 */
import { LINE_CODES, type Config, type LineCode } from '@seatlease/shared';
import { NON_REVENUE_CODES, type FapiaoItem } from './fapiao-lines';

/**
 * 业务流程管理服务 (信息技术服务): 财税〔2016〕36号 lists 呼叫中心 services under it, at 6% —
 * the contracts' default VAT rate.
 */
export const DEFAULT_TAX_CODE = '3040204000000000000';

/** 项目名称 per line code: phone charges are their own item (电话费单算, §2.A6); the rest is the lease. */
export const ITEM_NAMES: Readonly<Record<LineCode, string>> = Object.fromEntries(
  LINE_CODES.map((code) => [code, code === 'phone_usage' ? '电话费' : '坐席租赁服务']),
) as Record<LineCode, string>;

export function fapiaoItems(config: Pick<Config, 'SEATLEASE_FAPIAO_TAX_CODES'>): (code: LineCode) => FapiaoItem {
  const codes = config.SEATLEASE_FAPIAO_TAX_CODES as Record<string, string>;
  for (const code of Object.keys(codes)) {
    if (!(LINE_CODES as readonly string[]).includes(code) || NON_REVENUE_CODES.has(code as LineCode)) {
      throw new Error(`SEATLEASE_FAPIAO_TAX_CODES names ${code}, which is not a revenue line code (${LINE_CODES.filter((c) => !NON_REVENUE_CODES.has(c)).join(', ')})`);
    }
  }
  return (code) => ({ name: ITEM_NAMES[code], taxCode: codes[code] ?? DEFAULT_TAX_CODE });
}
