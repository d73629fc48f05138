/**
 * 一(七): 工作人员对考核结果有异议的,须在考核结果公布2天内向考核领导小组提出申述,考核领导小组应在2天内作出答复.
 * Calendar days in Asia/Shanghai (docs/decisions/0037): a scorecard published on day P may be
 * appealed on P, P+1 and P+2; from P+3 it is final. An appeal lodged on day L is due an answer
 * by L+2; a later answer is still given (the agent is not punished for the committee's delay)
 * but is marked late.
 */
import { addDays, compareDates, type IsoDate } from '@seatlease/shared';

export const APPEAL_WINDOW_DAYS = 2;
export const ANSWER_WITHIN_DAYS = 2;

export interface AppealWindow {
  opensOn: IsoDate;
  closesOn: IsoDate;
}

export function appealWindow(publishedOn: IsoDate): AppealWindow {
  return { opensOn: publishedOn, closesOn: addDays(publishedOn, APPEAL_WINDOW_DAYS) };
}

export function isWithinWindow(window: AppealWindow, on: IsoDate): boolean {
  return compareDates(on, window.opensOn) >= 0 && compareDates(on, window.closesOn) <= 0;
}

export function answerDueOn(lodgedOn: IsoDate): IsoDate {
  return addDays(lodgedOn, ANSWER_WITHIN_DAYS);
}

export function isAnsweredLate(lodgedOn: IsoDate, answeredOn: IsoDate): boolean {
  return compareDates(answeredOn, answerDueOn(lodgedOn)) > 0;
}
