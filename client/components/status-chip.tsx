// A coloured label for any status of the protocol: request, assignment, duty, officer.
import type { AssignmentStatus, DutyStatus, RequestStatus } from '../../shared/domain';
import { assignmentStatusKey, dutyKey, officerStatusKey, requestStatusKey, useT } from '../i18n';

export type ChipStatus =
  | { of: 'request'; status: RequestStatus }
  | { of: 'assignment'; status: AssignmentStatus }
  | { of: 'duty'; status: DutyStatus }
  | { of: 'officer'; status: 'available' | 'busy' | 'off_duty' }
  | { of: 'queued' };

export function StatusChip({ chip, className = '' }: { chip: ChipStatus; className?: string }) {
  const t = useT();
  let label: string;
  switch (chip.of) {
    case 'request':
      label = t(requestStatusKey(chip.status));
      break;
    case 'assignment':
      label = t(assignmentStatusKey(chip.status));
      break;
    case 'duty':
      label = t(dutyKey(chip.status));
      break;
    case 'officer':
      label = t(officerStatusKey(chip.status));
      break;
    case 'queued':
      label = t('outbox.queued');
      break;
  }
  const value = chip.of === 'queued' ? 'queued' : chip.status;
  return <span className={`chip chip-${chip.of} chip-${value} ${className}`.trim()}>{label}</span>;
}
