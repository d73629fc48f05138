import type { Knex } from 'knex';
import type { Migration } from '@seatlease/shared';

/**
 * Issue 19: one index fewer for every bill written (decision 0092). A contract has one bill a
 * month and a few more (opening, final, supplementary): its list is answered from the unique
 * (contract_id, period, kind) index, every bill of the contract read and the page sorted — a
 * few dozen rows in a long contract's life — as well as from a keyset index of its own.
 */
export const noContractListIndex: Migration = {
  name: '019d-no-contract-list-index',
  async up(knex: Knex) {
    await knex.raw('drop index if exists invoices_contract_list');
  },
};
