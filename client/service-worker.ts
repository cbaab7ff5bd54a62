// Registers client/public/sw.js (the offline app shell) in production builds only: in `vite` dev mode
// a cached shell would hide the edits being made.
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  const register = () =>
    navigator.serviceWorker.register('/sw.js').catch((error: unknown) => {
      // Without it the app still works online; only a reload with no network fails.
      console.warn('service worker not registered', error);
    });
  // After the page's own loads, so the worker's precache does not compete with them on a slow link.
  if (document.readyState === 'complete') void register();
  else window.addEventListener('load', () => void register(), { once: true });
}
