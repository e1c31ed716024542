import { MessageChannel } from 'node:worker_threads';
import { silentLogger } from '@canteen/service-kit';
import { describe, expect, it } from 'vitest';
import { ordersThread, tsxLoader } from '../src/orders-thread.ts';

const fixture = (name: string) => new URL(`./fixtures/${name}.thread.ts`, import.meta.url).href;
const loader = tsxLoader()!;

function thread(name: string) {
  const exits: number[] = [];
  const { port2 } = new MessageChannel();
  const lifecycle = ordersThread({}, port2, loader, silentLogger(), (code) => exits.push(code), fixture(name));
  return { lifecycle, exits };
}

describe('the orders thread handle', () => {
  it('when the thread dies on its own after starting, then onExit hears of it (the launcher then shuts down)', async () => {
    const { lifecycle, exits } = thread('crashing');

    await lifecycle.start();
    const deadline = Date.now() + 10_000;
    while (exits.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));

    expect(exits).toEqual([1]);
    await lifecycle.stop();
  });

  it('when the thread is asked to stop, then it stops and onExit is not called', async () => {
    const { lifecycle, exits } = thread('polite');

    await lifecycle.start();
    await lifecycle.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(exits).toEqual([]);
  });

  it('when the services in the thread cannot start, then start rejects with their reason', async () => {
    const { lifecycle } = thread('failing');

    await expect(lifecycle.start()).rejects.toThrow('the orders service did not start: the orders database is locked');
    await lifecycle.stop();
  });
});
