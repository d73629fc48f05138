/** The mail transport (SMTP or `.eml` files) lives in the kernel, shared with assessment-service. */
export * from '@seatlease/shared/src/mail/transport';
