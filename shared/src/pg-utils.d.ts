/** node-postgres' own parameter serializer (pg/lib/utils.js), used by copy-rows.ts; untyped upstream. */
declare module 'pg/lib/utils.js' {
  const utils: { prepareValue(value: unknown): unknown };
  export default utils;
}
