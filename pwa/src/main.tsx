import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Workbox } from 'workbox-window';
import { App } from './app/App.tsx';
import { captureInstallPrompt } from './features/install/install-prompt.ts';
import './ui/app.css';

/**
 * The service worker (src/sw.ts) is registered with workbox-window: a new version waits until
 * the student taps "Reload" (never mid-order), then the page reloads once it took over.
 */
captureInstallPrompt();
const wb = import.meta.env.PROD && 'serviceWorker' in navigator ? new Workbox('/sw.js') : null;

function Root() {
  const [updateReady, setUpdateReady] = useState(false);
  useEffect(() => {
    if (!wb) return;
    wb.addEventListener('waiting', () => setUpdateReady(true));
    void wb.register();
  }, []);
  const update = () => {
    if (!wb) return;
    wb.addEventListener('controlling', () => location.reload());
    wb.messageSkipWaiting();
  };
  return <App updateReady={updateReady} onUpdate={update} />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
