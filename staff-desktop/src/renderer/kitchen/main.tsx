import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@canteen/ui/tokens.css';
import '@canteen/ui/kitchen.css';
import { loadSettings } from '../shared/settings.ts';
import { App } from './app/App.tsx';
import { createKitchenServices } from './app/services.ts';
import './kitchen.css';

const root = createRoot(document.getElementById('root')!);
try {
  const services = await createKitchenServices(await loadSettings());
  root.render(
    <StrictMode>
      <App services={services} />
    </StrictMode>,
  );
} catch (err) {
  root.render(
    <main className="boot-error">
      <h1>The kitchen display could not start</h1>
      <p>{err instanceof Error ? err.message : String(err)}</p>
      <button type="button" className="button" onClick={() => location.reload()}>
        Try again
      </button>
    </main>,
  );
}
