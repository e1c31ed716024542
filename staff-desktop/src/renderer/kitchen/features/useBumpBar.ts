import { useEffect, useRef, useState } from 'react';
import type { Lane, Ticket } from '../tickets/ticket.ts';
import { LANES } from '../tickets/ticket.ts';

interface Options {
  lanes: Record<Lane, Ticket[]>;
  selected: number | null;
  select(id: number | null): void;
  bump(id: number): void;
  recall(id: number | null): void;
}

/** Where an arrow key takes the selection: along a column, or across to the same row of the next one. */
export function moveSelection(lanes: Record<Lane, Ticket[]>, selected: number | null, key: string): number | null {
  const columns = LANES.map((lane) => lanes[lane]).filter((column) => column.length > 0);
  if (columns.length === 0) return null;
  let col = columns.findIndex((column) => column.some((ticket) => ticket.id === selected));
  if (col === -1) return columns[0]![0]!.id;
  let row = columns[col]!.findIndex((ticket) => ticket.id === selected);
  if (key === 'ArrowDown') row = Math.min(row + 1, columns[col]!.length - 1);
  if (key === 'ArrowUp') row = Math.max(row - 1, 0);
  if (key === 'ArrowRight' || key === 'ArrowLeft') {
    col = Math.max(0, Math.min(columns.length - 1, col + (key === 'ArrowRight' ? 1 : -1)));
    row = Math.min(row, columns[col]!.length - 1);
  }
  return columns[col]![row]!.id;
}

const TYPING_MS = 2000;

/**
 * The keyboard bump bar: digits type a ticket's number and select it, Enter bumps the
 * selected ticket, R recalls its last unsent bump (none selected: the screen's last), arrows
 * move, Escape clears.
 * Keys typed into a form field are left alone.
 */
export function useBumpBar({ lanes, selected, select, bump, recall }: Options): { typed: string; unknown: boolean } {
  const [typed, setTyped] = useState('');
  const latest = useRef({ lanes, selected, select, bump, recall, typed });
  latest.current = { lanes, selected, select, bump, recall, typed };

  useEffect(() => {
    let clear: ReturnType<typeof setTimeout> | null = null;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, select, textarea, dialog') || event.ctrlKey || event.metaKey || event.altKey) return;
      const { lanes, selected, select, bump, recall, typed } = latest.current;
      const all = LANES.flatMap((lane) => lanes[lane]);
      if (/^[0-9]$/.test(event.key)) {
        const next = (typed + event.key).slice(-4);
        setTyped(next);
        const match = all.find((ticket) => ticket.number === Number(next));
        if (match) select(match.id);
        if (clear) clearTimeout(clear);
        clear = setTimeout(() => setTyped(''), TYPING_MS);
      } else if (event.key === 'Enter') {
        // A focused button keeps its own Enter.
        if (target?.closest('button')) return;
        event.preventDefault();
        if (selected !== null) bump(selected);
        setTyped('');
      } else if (event.key === 'r' || event.key === 'R') {
        recall(selected);
      } else if (event.key.startsWith('Arrow')) {
        event.preventDefault();
        select(moveSelection(lanes, selected, event.key));
      } else if (event.key === 'Escape') {
        select(null);
        setTyped('');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      if (clear) clearTimeout(clear);
    };
  }, []);

  const unknown = typed !== '' && !LANES.some((lane) => lanes[lane].some((ticket) => ticket.number === Number(typed)));
  return { typed, unknown };
}
