import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { Workbox } from 'workbox-window';
import { App } from './app/App.tsx';
import { afterFirstPaint } from './app/idle.ts';
import { captureInstallPrompt } from './features/install/install-prompt.ts';
import './ui/app.css';

/**
 * The service worker (src/sw.ts) is registered with workbox-window: a new version waits until
 * the student taps "Reload" (never mid-order), then the page reloads once it took over.
 * workbox-window and the registration wait until the page has loaded and gone idle: the worker's
 * install (precaching the shell) must not compete with the first screen for the network.
 */
captureInstallPrompt();
const workbox: Promise<Workbox> | null =
  import.meta.env.PROD && 'serviceWorker' in navigator
    ? afterFirstPaint.then(() => import('workbox-window')).then(({ Workbox }) => new Workbox('/sw.js'))
    : null;

function Root() {
  const [updateReady, setUpdateReady] = useState(false);
  useEffect(() => {
    void workbox?.then((wb) => {
      wb.addEventListener('waiting', () => setUpdateReady(true));
      return wb.register();
    });
  }, []);
  const update = () => {
    void workbox?.then((wb) => {
      wb.addEventListener('controlling', () => location.reload());
      wb.messageSkipWaiting();
    });
  };
  return <App updateReady={updateReady} onUpdate={update} />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
