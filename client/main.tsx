// Browser entry: global styles (Leaflet's once, here), the language on <html>, the router, the offline shell.
import './zod-config';
import 'leaflet/dist/leaflet.css';
import './styles/global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { getLang } from './i18n';
import { registerServiceWorker } from './service-worker';

document.documentElement.lang = getLang();
const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
registerServiceWorker();
