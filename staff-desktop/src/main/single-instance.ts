/** The parts of Electron's `app` and `BrowserWindow` the single-instance rule needs. */
export interface InstanceApp {
  requestSingleInstanceLock(): boolean;
  quit(): void;
  on(event: 'second-instance', listener: () => void): unknown;
}

export interface FocusableWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

/**
 * One kitchen app per machine: two would fight over the screen, the sounds and the stored
 * token. A second launch (a cook double-clicking the icon) quits and brings the first to front.
 * Answers false in the second instance, which must then start nothing.
 */
export function claimSingleInstance(app: InstanceApp, currentWindow: () => FocusableWindow | undefined): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => {
    const window = currentWindow();
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });
  return true;
}
