/**
 * POST /v1/fapiao-requests/:id/issued {number, issuedOn} — finance records the fapiao the tax
 * platform issued for a request. Recording the same again answers the same; a different number
 * or date for an issued request, or a number already recorded for another request, is a 409.
 */
import { conflict, forbidden, idOr404, notFound, parseWith, ruleBroken, today as todayOf } from '@seatlease/shared';
import type { Caller, Deps } from '../deps';
import { fapiaoRequests } from './fapiao.repository';
import { fapiaoRequestView } from './fapiao-request-view';
import { FapiaoIssued as body } from '@seatlease/shared/src/api';

export async function recordIssuedFapiao(deps: Deps, caller: Caller, idParam: string, input: unknown) {
  if (caller.scopeTenantId !== null) throw forbidden('only staff record fapiao');
  const id = idOr404(idParam, 'fapiao request');
  const b = parseWith(body, input);
  const today = todayOf(caller.clock);
  if (b.issuedOn > today) throw ruleBroken('issuedOn', `must not be in the future (today is ${today})`);
  return deps.knex.transaction(async (trx) => {
    await trx.raw('select 1 from fapiao_requests where id = ? for update', [id]);
    const req = await fapiaoRequests.get(trx, id);
    if (!req) throw notFound(`fapiao request ${idParam}`);
    if (b.issuedOn < req.requested_on) throw ruleBroken('issuedOn', `must not be before the request (${req.requested_on})`);
    if (req.status === 'not_required') throw conflict(`fapiao request ${id} needs no fapiao: ${req.reason ?? ''}`.trim(), { errors: [{ path: 'id', message: 'needs no fapiao' }] });
    if (req.status === 'issued') {
      if (req.fapiao_number === b.number && req.issued_on === b.issuedOn) return fapiaoRequestView(req);
      throw conflict(`fapiao request ${id} already has fapiao ${req.fapiao_number} of ${req.issued_on}`, { errors: [{ path: 'number', message: `already recorded as ${req.fapiao_number}` }] });
    }
    const other = await fapiaoRequests.byNumber(trx, b.number);
    if (other) throw conflict(`fapiao ${b.number} is already recorded for request ${other.id}`, { errors: [{ path: 'number', message: 'already recorded for another request' }] });
    await fapiaoRequests.markIssued(trx, id, b.number, b.issuedOn);
    return fapiaoRequestView((await fapiaoRequests.get(trx, id))!);
  });
}
