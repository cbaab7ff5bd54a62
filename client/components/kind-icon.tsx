// One SVG pictogram per request kind (lucide), drawn inline: emoji showed as empty boxes on machines
// without an emoji font, and an icon font would be one more download over a weak network.
import {
  Ambulance,
  CarFront,
  CircleAlert,
  Flame,
  Siren,
  Footprints,
  Swords,
  UserSearch,
  Waves,
  type LucideIcon,
} from 'lucide-react';
import type { RequestKind } from '../../shared/domain';

export const KIND_ICONS: Readonly<Record<RequestKind, LucideIcon>> = {
  fight: Swords,
  theft: UserSearch,
  traffic_accident: CarFront,
  fire: Flame,
  disaster: Waves,
  pursuit: Footprints,
  medical: Ambulance,
  other: CircleAlert,
  officer_support: Siren,
};

/** Decorative: the kind is always written beside it. */
export function KindIcon({ kind, size = 20, className }: { kind: RequestKind; size?: number; className?: string }) {
  const Icon = KIND_ICONS[kind];
  return <Icon size={size} aria-hidden="true" focusable="false" className={`kind-icon ${className ?? ''}`.trim()} />;
}
