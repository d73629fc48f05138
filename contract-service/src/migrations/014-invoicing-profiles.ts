import type { Knex } from 'knex';
import type { Migration } from '@seatlease/shared';

/**
 * A tenant's invoicing profile (开票信息): what its fapiao are made out to. One row per tenant,
 * replaced whole by PUT /v1/tenants/:id/invoicing-profile (every change is in the audit log).
 */
export const invoicingProfiles: Migration = {
  name: '014-invoicing-profiles',
  async up(knex: Knex) {
    await knex.schema.createTable('tenant_invoicing_profiles', (t) => {
      t.uuid('tenant_id').primary().references('tenants.id');
      t.text('title').notNullable(); // 购买方名称
      t.text('tax_id').notNullable(); // 统一社会信用代码 / 纳税人识别号
      t.text('address'); // required for 专票, with phone, bank name and account
      t.text('phone');
      t.text('bank_name');
      t.text('bank_account');
      t.text('fapiao_type').notNullable(); // special (增值税专用发票) | normal (普通发票)
      t.timestamp('updated_at', { useTz: true }).notNullable();
    });
    await knex.raw(`alter table tenant_invoicing_profiles add constraint tenant_invoicing_profiles_type check (fapiao_type in ('special','normal'))`);
    await knex.raw(`alter table tenant_invoicing_profiles add constraint tenant_invoicing_profiles_special_complete check (
      fapiao_type = 'normal' or (address is not null and phone is not null and bank_name is not null and bank_account is not null))`);
  },
};
