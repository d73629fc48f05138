/** The checks an event must pass before it is stored (shared by recording and appeal corrections). */
import { compareDates, ruleBroken, type IsoDate } from '@seatlease/shared';
import type { AgentRow } from '../agents/agent.repository';
import { ROLE_TITLES, type CatalogueItem } from '../rules/catalogue';
import type { Catalogue } from '../catalogue/catalogue.repository';

export interface EventInput {
  itemCode: string;
  occurredOn: IsoDate;
  count: number;
  selfReported: boolean;
}

export function checkEvent(catalogue: Catalogue, agent: AgentRow, e: EventInput, today: IsoDate, prefix = ''): CatalogueItem {
  if (compareDates(e.occurredOn, today) > 0) throw ruleBroken(`${prefix}occurredOn`, `is in the future (today is ${today}): record what has happened`);
  const item = catalogue.items.get(e.itemCode);
  if (!item || item.source !== 'event') {
    const why = item ? 'is computed from the recorded workload (二(三)12–13), not recorded as an event' : `is not an item of catalogue version ${catalogue.version}`;
    throw ruleBroken(`${prefix}itemCode`, `${e.itemCode} ${why}`);
  }
  if (item.roles && !item.roles.some((r) => agent.roles.includes(r))) {
    throw ruleBroken(`${prefix}itemCode`, `${item.code} (${item.clause}) applies to ${item.roles.map((r) => ROLE_TITLES[r]).join('、')} only; this agent is ${agent.roles.map((r) => ROLE_TITLES[r]).join('、')}`);
  }
  if (e.selfReported && !item.halvable) {
    throw ruleBroken(`${prefix}selfReported`, `${item.code} (${item.clause}) has no halving: only the errors of 二(三)4 and 二(三)5 are halved when found and corrected by the agent`);
  }
  return item;
}
