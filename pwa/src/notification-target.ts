/**
 * Which open window a tap on a notification should bring forward: one already showing the
 * order, else any window of the app (it is sent to the order), else none (a new one opens).
 * Plain data in and out, so the service worker's choice is unit-tested without a browser.
 */
export interface WindowLike {
  url: string;
}

export function windowForNotification<T extends WindowLike>(windows: readonly T[], target: string, origin: string): T | undefined {
  return windows.find((client) => client.url === target) ?? windows.find((client) => new URL(client.url).origin === origin);
}
