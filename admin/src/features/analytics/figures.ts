import { client } from '../../app/services.ts';

export const minutes = (seconds: number | null): string => {
  if (seconds === null) return '—';
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return m > 0 ? `${m} min ${String(s).padStart(2, '0')} s` : `${s} s`;
};

export const percent = (share: number | null): string => (share === null ? '—' : `${(share * 100).toFixed(1)} %`);

/** The same figures as a CSV file: fetched with the session's token (a plain link would carry none), then saved. */
export async function downloadCsv(from: string, to: string): Promise<void> {
  const token = await client.accessToken();
  const response = await fetch(`/api/admin/analytics?from=${from}&to=${to}&format=csv`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`CSV download failed (${response.status})`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `canteen-analytics-${from}-to-${to}.csv`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
