// A set of ids the user has acknowledged, kept in localStorage so a reload does not bring them back.
import { useCallback, useState } from 'react';

/** Ids kept per key; older ones are dropped first (the notices they silence are long gone by then). */
const LIMIT = 200;

function read(key: string): string[] {
  try {
    const parsed: unknown = JSON.parse(globalThis.localStorage?.getItem(key) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function useAcknowledged(storageKey: string): [ReadonlySet<string>, (id: string) => void] {
  const [ids, setIds] = useState<string[]>(() => read(storageKey));
  const acknowledge = useCallback(
    (id: string) => {
      setIds((current) => {
        const next = [...current.filter((x) => x !== id), id].slice(-LIMIT);
        try {
          globalThis.localStorage?.setItem(storageKey, JSON.stringify(next));
        } catch {
          // Storage full or blocked: the acknowledgement still holds until the page reloads.
        }
        return next;
      });
    },
    [storageKey],
  );
  return [new Set(ids), acknowledge];
}
