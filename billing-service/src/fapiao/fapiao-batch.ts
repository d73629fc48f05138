/**
 * The tax platform's batch-issuance workbook (数电发票 批量开票 导入模板, version V260401,
 * "pt:20260401") and our CSV beside it. The layout lives here and only here, so a new template
 * version is one change. In every sheet row 1 holds the filling notes, row 2 which columns are
 * required and their limits, row 3 the headers; data starts at row 4; every cell is text.
 *
 * We fill only what a seat-lease fapiao needs: the buyer (开票信息), 是否含税, 备注 (bill number
 * and period), the buyer's email, and one detail row per fapiao line. The platform computes the
 * tax from 金额 and 税率 (there is no 税额 column); the lines were drafted so that what it
 * computes is the bill's tax (fapiao-lines.ts). The header text of columns 12–16 (scrap
 * purchase only) was not in the copies we had; we never fill them.
 */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { assert, type Fen } from '@seatlease/shared';
import type { FapiaoLine } from './fapiao-lines';

export const TEMPLATE_VERSION = 'pt:20260401';

export const SHEET_NAMES = ['1-发票基本信息', '2-发票明细信息', '3-特定业务信息', '4-附加要素信息', 'excelVersion'] as const;

/** [header, row-2 rule] of sheet 1, in column order (39 columns). */
export const BASIC_COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['发票流水号', '必填（限20字符）'],
  ['发票类型', '必填（限10字符）'],
  ['特定业务类型', '非必填（限10字符）'],
  ['是否含税', '必填（是/否）（限2字符）'],
  ['受票方自然人标识', '非必填（是/否）（限2字符）'],
  ['购买方名称', '必填（限100字符）'],
  ['购买方纳税人识别号', '专票必填（限20字符）'],
  ['购买方证件类型', '非必填（限20字符）'],
  ['购买方证件号码', '非必填（限100字符）'],
  ['购买方国籍（或地区）', '非必填（限100字符）'],
  ['购买方地址', '非必填（限100字符）'],
  ['购买方所在地区（省）（报废产品收购必填）', '有条件必填'],
  ['购买方所在地区（市）（报废产品收购必填）', '有条件必填'],
  ['购买方所在地区（区县）（报废产品收购必填）', '有条件必填'],
  ['购买方所在地区（乡镇街道）（报废产品收购必填）', '有条件必填'],
  ['购买方详细地址（报废产品收购必填）', '有条件必填'],
  ['购买方电话', '非必填（限50字符）'],
  ['购买方开户银行', '非必填（限100字符）'],
  ['购买方银行账号', '非必填（限100字符）'],
  ['是否展示购买方地址电话银行账号', '非必填'],
  ['是否开具涉税专业服务发票品目', '非必填（是/否）'],
  ['涉税专业服务协议编号', '有条件必填'],
  ['备注', '非必填（限230字符）'],
  ['报废产品销售类型', '有条件必填'],
  ['每千克煤炭发热量', '有条件必填'],
  ['干基全硫', '有条件必填'],
  ['干燥无灰基挥发分', '有条件必填'],
  ['销售方开户行', '非必填（限100字符）'],
  ['销售方银行账号', '非必填（限100字符）'],
  ['是否展示销售方地址电话银行账号', '非必填'],
  ['购买方邮箱', '非必填（限72字符）'],
  ['购买方经办人姓名', '非必填'],
  ['购买方经办人证件类型', '非必填'],
  ['购买方经办人证件号码', '非必填'],
  ['经办人国籍(地区)', '非必填'],
  ['经办人自然人纳税人识别号', '非必填'],
  ['放弃享受减按1%征收率原因', '非必填'],
  ['收款人', '非必填'],
  ['复核人', '非必填'],
];

/** [header, row-2 rule] of sheet 2 (14 columns): one row per fapiao line. */
export const DETAIL_COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['发票流水号', '必填（限20字符）'],
  ['项目名称', '必填（限100字符）'],
  ['商品和服务税收编码', '必填（19位数字）'],
  ['规格型号', '非必填'],
  ['单位', '非必填'],
  ['数量', '非必填'],
  ['单价', '非必填'],
  ['金额', '必填（保留2位小数）'],
  ['税率', '必填（如0.06）'],
  ['折扣金额', '非必填'],
  ['是否使用优惠政策', '非必填（是/否）'],
  ['优惠政策类型', '有条件必填'],
  ['即征即退类型', '有条件必填'],
  ['煤炭种类', '有条件必填'],
];

const SPECIFIC_COLUMNS: ReadonlyArray<readonly [string, string]> = [['发票流水号', '必填（限20字符）']];
const EXTRA_COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['发票流水号', '必填（限20字符）'],
  ['附加要素名称', '必填'],
  ['附加要素内容', '必填'],
];

const NOTES =
  '填表说明：1、仅支持数电发票的导入开具；2、发票流水号：纳税人自定义，长度不超过20位，用于关联发票的明细信息、特定业务信息、附加要素信息；' +
  '3、发票类型：增值税专用发票、普通发票；4、不支持差额开具和减按开具模式；5、所有内容输入均为文本格式输入；6、可填写购买方电子邮箱用于推送发票；' +
  '8、是否含税：当“2-发票明细信息”的单价、金额为含税时选择“是”，为不含税时选择“否”。';

/** One fapiao of the batch: the buyer and its lines. */
export interface BatchFapiao {
  /** 发票流水号: ≤ 20 characters, unique in the file (our bill number). */
  serial: string;
  fapiaoType: 'special' | 'normal';
  taxInclusive: boolean;
  vatRateBp: number;
  buyer: { title: string; taxId: string; address: string | null; phone: string | null; bankName: string | null; bankAccount: string | null; email: string | null };
  /** 备注 (≤ 230): bill number and period. */
  note: string;
  lines: FapiaoLine[];
}

/** Fen as a decimal yuan string with 2 decimals ("1234.56"). */
export function yuanText(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A VAT rate in basis points as the platform writes it: 600 → "0.06", 650 → "0.065". */
export function rateText(bp: number): string {
  return (bp / 10000).toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
}

/** 单价 = 金额 / 数量 in yuan, to at most 8 decimals, half up (the platform checks 数量 × 单价 ≈ 金额). */
export function unitPriceText(amountFen: Fen, quantity: number): string {
  const scaled = (BigInt(amountFen) * 1_000_000n * 2n + BigInt(quantity)) / (2n * BigInt(quantity)); // 1e-8 yuan
  const whole = scaled / 100_000_000n;
  const frac = (scaled % 100_000_000n).toString().padStart(8, '0').replace(/0+$/, '');
  return frac === '' ? `${whole}` : `${whole}.${frac}`;
}

const FAPIAO_TYPE = { special: '增值税专用发票', normal: '普通发票' } as const;

function basicRow(f: BatchFapiao): string[] {
  const values: Record<string, string> = {
    发票流水号: f.serial,
    发票类型: FAPIAO_TYPE[f.fapiaoType],
    是否含税: f.taxInclusive ? '是' : '否',
    受票方自然人标识: '否',
    购买方名称: f.buyer.title,
    购买方纳税人识别号: f.buyer.taxId,
    购买方地址: f.buyer.address ?? '',
    购买方电话: f.buyer.phone ?? '',
    购买方开户银行: f.buyer.bankName ?? '',
    购买方银行账号: f.buyer.bankAccount ?? '',
    备注: f.note.slice(0, 230),
    购买方邮箱: f.buyer.email !== null && f.buyer.email.length <= 72 ? f.buyer.email : '',
  };
  return BASIC_COLUMNS.map(([h]) => values[h] ?? '');
}

function detailRows(f: BatchFapiao): string[][] {
  return f.lines.map((l) => {
    const values: Record<string, string> = {
      发票流水号: f.serial,
      项目名称: l.name,
      商品和服务税收编码: l.taxCode,
      数量: l.quantity !== null ? String(l.quantity) : '',
      单价: l.quantity !== null ? unitPriceText(l.amountFen, l.quantity) : '',
      金额: yuanText(l.amountFen),
      税率: rateText(f.vatRateBp),
      是否使用优惠政策: '否',
    };
    return DETAIL_COLUMNS.map(([h]) => values[h] ?? '');
  });
}

function addSheet(wb: ExcelJS.Workbook, name: string, columns: ReadonlyArray<readonly [string, string]>, rows: string[][]): void {
  const ws = wb.addWorksheet(name);
  ws.addRow([NOTES]);
  ws.addRow(columns.map(([, rule]) => rule));
  ws.addRow(columns.map(([h]) => h));
  for (const r of rows) ws.addRow(r);
  // 填表说明 5: every cell is text (Excel's "@" format), so amounts stay as written.
  ws.columns.forEach((c) => {
    c.numFmt = '@';
    c.width = 18;
  });
}

/** The batch as the platform's XLSX workbook. */
export async function batchWorkbook(fapiaos: readonly BatchFapiao[]): Promise<Buffer> {
  const serials = new Set(fapiaos.map((f) => f.serial));
  assert(serials.size === fapiaos.length, '发票流水号 must be unique in a batch file');
  for (const s of serials) assert(s.length <= 20, `发票流水号 ${s} is longer than 20 characters`);
  const wb = new ExcelJS.Workbook();
  addSheet(wb, SHEET_NAMES[0], BASIC_COLUMNS, fapiaos.map(basicRow));
  addSheet(wb, SHEET_NAMES[1], DETAIL_COLUMNS, fapiaos.flatMap(detailRows));
  addSheet(wb, SHEET_NAMES[2], SPECIFIC_COLUMNS, []);
  addSheet(wb, SHEET_NAMES[3], EXTRA_COLUMNS, []);
  const version = wb.addWorksheet(SHEET_NAMES[4]);
  version.getCell('A4').value = TEMPLATE_VERSION;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Columns of our CSV: one row per fapiao line, amounts excluding tax and the tax spelled out. */
export const CSV_COLUMNS = [
  '发票流水号', '发票类型', '是否含税', '购买方名称', '购买方纳税人识别号', '购买方地址电话', '购买方开户行及账号', '项目名称',
  '商品和服务税收编码', '数量', '单价（不含税）', '金额（不含税）', '税率', '税额', '价税合计', '备注',
] as const;

/** The same batch as CSV (UTF-8 with BOM, so that Excel opens the Chinese as it is). */
export function batchCsv(fapiaos: readonly BatchFapiao[]): string {
  const rows = fapiaos.flatMap((f) =>
    f.lines.map((l) => [
      f.serial,
      FAPIAO_TYPE[f.fapiaoType],
      f.taxInclusive ? '是' : '否',
      f.buyer.title,
      f.buyer.taxId,
      [f.buyer.address, f.buyer.phone].filter(Boolean).join(' '),
      [f.buyer.bankName, f.buyer.bankAccount].filter(Boolean).join(' '),
      l.name,
      l.taxCode,
      l.quantity !== null ? String(l.quantity) : '',
      l.quantity !== null ? unitPriceText(l.netFen, l.quantity) : '',
      yuanText(l.netFen),
      rateText(f.vatRateBp),
      yuanText(l.taxFen),
      yuanText(l.grossFen),
      f.note,
    ]),
  );
  return '\ufeff' + Papa.unparse({ fields: [...CSV_COLUMNS], data: rows }, { newline: '\r\n' });
}
