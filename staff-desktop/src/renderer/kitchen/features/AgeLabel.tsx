import { useLayoutEffect, useRef, useState } from 'react';
import { onTick } from '../../shared/ticker.ts';
import { ageLevel, formatAge } from '../tickets/ticket.ts';

const AGE_WORDS = { ok: '', warn: ', waiting long', late: ', late' } as const;

/**
 * How long a ticket has waited, "m:ss". The shared clock writes the text and its label straight
 * into this element every second: with 200 tickets a tick used to re-render 200 components
 * (33 ms of script a second on the kitchen's two-core machine). React renders it again only
 * when the colour changes (amber after 5 minutes, red after 10).
 */
export function AgeLabel({ since }: { since: number }) {
  const ref = useRef<HTMLSpanElement>(null);
  const time = useRef<HTMLSpanElement>(null);
  const [level, setLevel] = useState(() => ageLevel((Date.now() - since) / 1000));

  useLayoutEffect(() => {
    let shown = '';
    const paint = () => {
      const seconds = (Date.now() - since) / 1000;
      const text = formatAge(seconds);
      const next = ageLevel(seconds);
      // Same level: React bails out without rendering.
      setLevel(next);
      if (text === shown || !ref.current || !time.current) return;
      shown = text;
      time.current.textContent = text;
      ref.current.setAttribute('aria-label', `Waiting ${text} minutes${AGE_WORDS[next]}`);
    };
    paint();
    return onTick(paint);
  }, [since]);

  return (
    <span ref={ref} className={`ticket-age age-${level}`}>
      {level !== 'ok' && <span className="age-word">{level === 'late' ? '‼ ' : '! '}</span>}
      <span ref={time} />
    </span>
  );
}
