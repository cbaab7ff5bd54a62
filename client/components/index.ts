export { AppHeader } from './app-header';
export { ConnectionBanner, connectionTone } from './connection-banner';
export { LanguageSwitch } from './language-switch';
export { OutboxBadge } from './outbox-badge';
export { StatusChip, type ChipStatus } from './status-chip';
