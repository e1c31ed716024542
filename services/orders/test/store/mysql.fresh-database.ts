import { randomBytes } from 'node:crypto';
import { testUrls } from '@canteen/service-kit/testing';
import mysql from 'mysql2/promise';

/** Runs `fn` on a root connection to the test server (no database selected). */
export async function asRoot<T>(fn: (conn: mysql.Connection) => Promise<T>): Promise<T> {
  const url = new URL(testUrls.mysql);
  url.pathname = '/';
  const conn = await mysql.createConnection({ uri: url.toString(), timezone: 'Z', dateStrings: true });
  try {
    return await fn(conn);
  } finally {
    await conn.end();
  }
}

/** A throw-away database on the shared server: its URL, and `drop` to remove it. */
export async function freshMysqlDatabase(prefix = 'orders_contract'): Promise<{ url: string; dbName: string; drop(): Promise<void> }> {
  const dbName = `${prefix}_${randomBytes(6).toString('hex')}`;
  await asRoot((conn) => conn.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`));
  const url = new URL(testUrls.mysql);
  url.pathname = `/${dbName}`;
  return {
    url: url.toString(),
    dbName,
    drop: async () => void (await asRoot((conn) => conn.query(`DROP DATABASE IF EXISTS \`${dbName}\``))),
  };
}
