// The officer's phone screen.
const vi = {
  'officer.title': 'Cán bộ',
} as const;

const en: Record<keyof typeof vi, string> = {
  'officer.title': 'Officer',
};

export const messages = { vi, en };
