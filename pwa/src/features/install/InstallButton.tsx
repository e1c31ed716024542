import { installApp, useInstallable } from './install-prompt.ts';

/** A quiet offer to install the app, shown only while the browser has one to make. */
export function InstallButton() {
  const installable = useInstallable();
  if (!installable) return null;
  return (
    <button type="button" className="btn btn-quiet btn-block install-app" onClick={() => void installApp()}>
      <span aria-hidden="true">⤓</span> Install app
    </button>
  );
}
