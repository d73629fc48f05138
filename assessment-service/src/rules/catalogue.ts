/**
 * The item catalogue of 坐席员考核细则 (the seed's second document), as data. Clause references
 * `二(三)4` point at the document's numbering: 二 考核内容, (三) 业务工作, item 4.
 *
 * Every item is "per item, per occurrence" (一(三): 考核加、扣分以"每项、次"为单位): an event
 * records how many occurrences (or cameras, cases, nodes) and the item's points apply to each.
 * Deductions are negative, bonuses positive, in tenths of a point (rules/points.ts).
 */
import type { Tenths } from './points';
import { AGENT_ROLES } from '@seatlease/shared/src/api';

/** The seed's three parts and their points (一(五), 二): 内部管理 20, 作风纪律 20, 业务工作 60. */
export const PARTS = [
  { part: 'internal', title: '内部管理', clause: '二(一)', maxTenths: 200 },
  { part: 'discipline', title: '作风纪律', clause: '二(二)', maxTenths: 200 },
  { part: 'business', title: '业务工作', clause: '二(三)', maxTenths: 600 },
] as const;
export type Part = (typeof PARTS)[number]['part'];
export const PART_NAMES: readonly Part[] = PARTS.map((p) => p.part);

/** The seed's roles (一(一), 一(二), 二(三)13): 受理员, 派遣员, 值班长, 指挥长. */
export type AgentRole = (typeof AGENT_ROLES)[number];
export const ROLE_TITLES: Record<AgentRole, string> = { intake: '受理员', dispatcher: '派遣员', shift_lead: '值班长', commander: '指挥长' };

export interface CatalogueItem {
  code: string;
  part: Part;
  clause: string;
  title: string;
  /** Per occurrence (or per unit named by `unit`): negative = deduction, positive = bonus. */
  pointsTenths: Tenths;
  /** What one count is: 次 (occurrence), 个探头, 条, 节点次, 天 … */
  unit: string;
  /** Roles the item applies to (null = every agent). */
  roles: AgentRole[] | null;
  /** 二(三)4, 5: 本人主动发现后及时上报并纠错减半扣分 — a self-reported, corrected error costs half. */
  halvable: boolean;
  /** `event`: recorded by a supervisor; `workload`: computed from the month's handled counts (二(三)12–13). */
  source: 'event' | 'workload';
}

const item = (
  code: string,
  part: Part,
  clause: string,
  title: string,
  pointsTenths: Tenths,
  opts: { unit?: string; roles?: AgentRole[]; halvable?: boolean; source?: 'event' | 'workload' } = {},
): CatalogueItem => ({
  code,
  part,
  clause,
  title,
  pointsTenths,
  unit: opts.unit ?? '次',
  roles: opts.roles ?? null,
  halvable: opts.halvable ?? false,
  source: opts.source ?? 'event',
});

const I = 'internal' as const;
const D = 'discipline' as const;
const B = 'business' as const;

/** Version 1 of the catalogue: the document of 2011-03-30 as written. */
export const SEED_CATALOGUE: readonly CatalogueItem[] = [
  // 二(一) 内部管理 (20分)
  item('study.not_organised', I, '二(一)1', '不按中心部署开展学习', -20),
  item('study.no_notes', I, '二(一)1', '未按规定记好笔记、撰写学习心得', -20),
  item('study.absent', I, '二(一)1', '无故缺席学习(同时按旷工计算)', -50),
  item('training.absent', I, '二(一)2', '无故缺席业务培训和团体活动(同时按旷工计算)', -50),
  item('training.exam_failed', I, '二(一)2', '培训考试不合格', -100),
  item('dress.uniform', I, '二(一)3', '未按规定着装', -20),
  item('dress.grooming', I, '二(一)3', '仪表不整洁(留长发、胡须,化浓妆等)', -20),
  item('conduct.posture', I, '二(一)4', '工作时间坐姿不端正等影响形象', -10),
  item('conduct.off_task', I, '二(一)4', '工作时间打瞌睡、玩游戏或从事与工作无关的活动', -20),
  item('hygiene.rules', I, '二(一)5', '未按规定执行内部卫生管理制度', -10),
  item('rota.cleaning', I, '二(一)6', '轮值人员未按要求做好保洁工作', -10),
  item('rota.case_unhandled', I, '二(一)6', '轮值人员在餐间及下班后未对应处理的案卷进行处理', -10, { unit: '条' }),
  item('rota.equipment_left_on', I, '二(一)6', '轮值人员未将空调、电脑、照明等设备及门窗关闭后就下班', -20),
  item('shift.unauthorised_swap', I, '二(一)7', '擅自换班', -20),
  item('phone.private_call', I, '二(一)8', '利用工作设备接打私人电话', -20),
  item('phone.mobile_in_hall', I, '二(一)8', '在工作厅内使用移动电话', -20),
  item('equipment.misuse', I, '二(一)9', '设备使用不当影响正常工作', -20),
  item('equipment.not_shut_down', I, '二(一)9', '工作完毕后未退出程序关闭相关设备', -10),
  item('handover.incomplete', I, '二(一)10', '未做好交接班工作', -10),

  // 二(二) 作风纪律 (20分)
  item('attendance.late_or_early', D, '二(二)1', '迟到、早退半小时内(含半小时);超过半小时记旷工半天,超过三小时记旷工一天', -10),
  item('absence.half_day', D, '二(二)2', '旷工半天', -50),
  item('absence.one_day', D, '二(二)2', '旷工1天', -100),
  item('absence.over_one_day', D, '二(二)2', '旷工1天以上', -100),
  item('post.left', D, '二(二)3', '无故脱岗半小时内(含半小时);超过半小时记旷工半天,超过3小时记旷工一天', -20),
  item('hall.outsider', D, '二(二)4', '擅自带无关人员进入工作厅', -20),
  item('hall.smoking_food_noise', D, '二(二)4', '在工作厅内吸烟、存放食品、吃零食、喧哗戏闹(吸烟者另扣除当月奖金)', -100),
  item('phone.no_courtesy', D, '二(二)5', '接听电话未使用礼貌用语', -10),
  item('phone.dispute_complaint', D, '二(二)5', '与热心市民或相关部门(人员)发生无理争执,被投诉经查实', -50),
  item('phone.abusive', D, '二(二)5', '态度恶劣,影响严重经查实', -100),
  item('secrecy.leak', D, '二(二)6', '泄露工作帐号和密码、泄露监督员和热心市民相关信息经查实', -50),
  item('secrecy.leak_with_consequence', D, '二(二)6', '泄露帐号密码或信息造成后果(并追究相关责任)', -100),
  item('attitude.slack', D, '二(二)7', '作风散漫、消极怠工', -20),
  item('unity.quarrel_or_fraud', D, '二(二)8', '斗嘴吵架、搬弄是非、弄虚作假、影响团结经查实', -50),
  item('orders.disobeyed', D, '二(二)9', '不听从上级命令、不服从组织安排', -50),

  // 二(三) 业务工作 (60分)
  item('video.camera_missed', B, '二(三)1', '巡查视频监控探头,每少一个探头', -1, { unit: '个探头' }),
  item('video.reports_short', B, '二(三)2', '每天利用视频监控系统上报案件不少于10条,每少一条', -1, { unit: '条' }),
  item('case.node_overdue', B, '二(三)3', '案卷流转节点无特殊情况超过规定时间处置,每个节点每次', -5, { unit: '节点次' }),
  item('intake.wrong_check_order', B, '二(三)4', '受理员错发核查指令', -10, { roles: ['intake'], halvable: true }),
  item('intake.case_delayed', B, '二(三)4', '受理员错发核查指令影响案卷时效', -20, { roles: ['intake'], halvable: true }),
  item('intake.photo_misjudged', B, '二(三)4', '甄别核查照片有误造成案卷错误返工或结案', -20, { roles: ['intake'], halvable: true }),
  item('intake.rework_no_comment', B, '二(三)4', '返工案卷未填写批转意见', -10, { roles: ['intake'], halvable: true }),
  item('intake.found_others_error', B, '二(三)4', '受理员发现他人操作差错', 10, { roles: ['intake'] }),
  item('dispatch.wrong_deadline', B, '二(三)5', '派遣员给予专业部门的处置时限与要求有误', -10, { roles: ['dispatcher'], halvable: true }),
  item('dispatch.no_instructions', B, '二(三)5', '未填写处置要求与意见直接派遣至专业部门', -20, { roles: ['dispatcher'], halvable: true }),
  item('dispatch.sent_back', B, '二(三)5', '派遣差错被回退', -10, { roles: ['dispatcher'], halvable: true }),
  item('dispatch.found_others_error', B, '二(三)5', '派遣员发现他人案卷派遣问题', 10, { roles: ['dispatcher'] }),
  item('filing.sent_back', B, '二(三)6', '受理员、值班长因立案差错被回退', -10, { roles: ['intake', 'shift_lead'] }),
  item('filing.inspector_wrongly_returned', B, '二(三)6', '受理员、值班长因判断失误错退监督员', -10, { roles: ['intake', 'shift_lead'] }),
  item('review.error', B, '二(三)7', '派遣员、指挥长复核差错或错误回退案卷', -10, { roles: ['dispatcher', 'commander'] }),
  item('audit.wrong_void', B, '二(三)8', '值班长、指挥长错审作废案件', -10, { roles: ['shift_lead', 'commander'] }),
  item('audit.wrong_postponement', B, '二(三)8', '指挥长错审缓办、延期案卷', -10, { roles: ['commander'] }),
  item('audit.found_authorisation_error', B, '二(三)8', '指挥长发现授权错误案卷,经查实', 10, { roles: ['commander'] }),
  item('hotline.incomplete_record', B, '二(三)9', '热线受理员对投诉事项询问不详、记录不全,造成不能及时准确处理', -10, { roles: ['intake'] }),
  item('emergency.not_reported', B, '二(三)10', '重大突发事件未及时汇报', -30),
  item('emergency.handling_delayed', B, '二(三)10', '重大突发事件未及时汇报,因此延误处置工作', -100),
  item('emergency.no_follow_up', B, '二(三)10', '重大事件未履行跟踪督办职责', -30),
  item('emergency.reported_and_followed', B, '二(三)10', '重大突发事件及时上报并跟踪督办,得到有效处置', 30),
  item('reports.deficient', B, '二(三)11', '值班长、指挥长上报各项统计资料和分析报告不完整、不及时、不准确', -10, { roles: ['shift_lead', 'commander'] }),
  item('workload.intake', B, '二(三)12', '受理员工作量:高于基准值每条加0.5分,低于基准值每条扣0.5分', 5, { unit: '条', roles: ['intake'], source: 'workload' }),
  item('workload.dispatcher', B, '二(三)12', '派遣员工作量:高于基准值每条加0.5分,低于基准值每条扣0.5分', 5, { unit: '条', roles: ['dispatcher'], source: 'workload' }),
  item('workload.shift_lead', B, '二(三)13', '值班长工作量:高于基准值加0.5分,低于基准值扣0.5分', 5, { unit: '月', roles: ['shift_lead'], source: 'workload' }),
  item('workload.commander', B, '二(三)13', '指挥长工作量:高于基准值加0.5分,低于基准值扣0.5分', 5, { unit: '月', roles: ['commander'], source: 'workload' }),
  item('suggestion.adopted', B, '二(三)14', '为中心工作提出合理化建议,一经采用', 20, { unit: '条' }),
];
