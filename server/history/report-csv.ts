// The report as CSV: one row per request with every timestamp (ISO 8601 in Vietnam time) and the
// seconds from raised to each step. UTF-8 with a byte-order mark, so Excel shows Vietnamese right.
import Papa from 'papaparse';
import type { Cluster } from '../../shared/cluster';
import { INTERVALS, type IntervalName, type ReportRow, type ResponseReport } from '../../shared/response-times';

export const CSV_BOM = '\uFEFF';

const STEP_HEADERS: Record<IntervalName | 'raised', string> = {
  raised: 'Báo lúc (raised_at)',
  seen: 'Điều phối xem (seen_at)',
  assigned: 'Phân công (assigned_at)',
  accepted: 'Nhận lệnh (accepted_at)',
  enRoute: 'Đang đến (en_route_at)',
  onScene: 'Có mặt (on_scene_at)',
  resolved: 'Xử lý xong (resolved_at)',
};
const intervalHeader = (name: IntervalName): string =>
  `Giây đến ${STEP_HEADERS[name].split(' (')[0]} (s_to_${snake(name)})`;

export const CSV_HEADERS = [
  'Số (number)',
  'Mã (request_id)',
  'Xã (commune)',
  'Tên xã (commune_name)',
  'Loại (kind)',
  'Ưu tiên (priority)',
  'Trạng thái (status)',
  'Kết quả (outcome)',
  STEP_HEADERS.raised,
  ...INTERVALS.map((n) => STEP_HEADERS[n]),
  'Kết thúc (closed_at)',
  ...INTERVALS.map(intervalHeader),
  'Thiếu bước (missing_steps)',
  'Loại khỏi thống kê (excluded)',
];

/** Vietnam has no daylight saving: UTC+7 all year. */
export function vietnamIso(at: number | null): string {
  if (at === null) return '';
  return new Date(at + 7 * 3600_000).toISOString().replace('Z', '+07:00');
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function cells(row: ReportRow, cluster: Pick<Cluster, 'communes'>): (string | number)[] {
  return [
    row.number,
    row.id,
    row.commune,
    cluster.communes.find((c) => c.id === row.commune)?.name ?? row.commune,
    row.kind,
    row.priority,
    row.status,
    row.outcome,
    vietnamIso(row.steps.raised),
    ...INTERVALS.map((n) => vietnamIso(row.steps[n])),
    vietnamIso(row.closedAt),
    ...INTERVALS.map((n) => {
      const ms = row.intervals[n];
      return ms === null ? '' : ms / 1000;
    }),
    row.missing.map(snake).join(' '),
    row.excluded ? 'yes' : '',
  ];
}

export function reportCsv(report: ResponseReport, cluster: Pick<Cluster, 'communes'>): string {
  const rows = report.rows.map((r) => cells(r, cluster));
  return CSV_BOM + Papa.unparse({ fields: CSV_HEADERS, data: rows }, { newline: '\r\n' });
}
