// The commune post's screen.
const vi = {
  'post.title': 'Trực ban xã',
} as const;

const en: Record<keyof typeof vi, string> = {
  'post.title': 'Commune post',
};

export const messages = { vi, en };
