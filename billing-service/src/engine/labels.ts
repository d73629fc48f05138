/** Line descriptions, Chinese first and English second (SPEC §9). */
import type { CallType, LineCode } from '@seatlease/shared/src/billing-facts';

export const LABELS: Record<LineCode, string> = {
  deposit: '押金 / Deposit',
  deposit_topup: '押金补足 / Deposit top-up',
  deposit_release: '押金退还 / Deposit release',
  rent: '坐席月租 / Seat rent',
  return_adjustment: '退租调整 / Return adjustment',
  outage_credit: '故障减免 / Outage credit',
  force_majeure_credit: '不可抗力减免 / Force majeure credit',
  late_opening_penalty: '延迟开通违约金 / Late opening penalty',
  phone_usage: '电话费 / Phone usage',
  one_off: '一次性费用 / One-off charge',
  termination_damages: '违约金 / Termination damages',
  deposit_settlement: '押金结算 / Deposit settlement',
  credit_carried: '余额结转 / Credit carried',
};

export const CALL_TYPE_LABELS: Record<CallType, { zh: string; en: string }> = {
  local: { zh: '市话', en: 'local' },
  domestic: { zh: '国内长途', en: 'domestic long distance' },
  mobile: { zh: '移动电话', en: 'mobile' },
};
