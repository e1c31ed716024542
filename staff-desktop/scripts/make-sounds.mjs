// Writes the kitchen's and board's short sounds as 16-bit mono WAV files, synthesised here so
// they need no network and no sound library: `pnpm --dir staff-desktop run sounds`.
// The files are committed; run this again only to change how they sound.
import { writeFileSync } from 'node:fs';

const RATE = 22_050;

/** A bell-like note: a sine with a quieter octave, a 5 ms attack and an exponential decay. */
function note(frequency, seconds, gain) {
  const samples = new Float32Array(Math.round(RATE * seconds));
  for (let i = 0; i < samples.length; i += 1) {
    const t = i / RATE;
    const attack = Math.min(1, t / 0.005);
    const decay = Math.exp(-t * 5);
    samples[i] = gain * attack * decay * (Math.sin(2 * Math.PI * frequency * t) + 0.3 * Math.sin(4 * Math.PI * frequency * t));
  }
  return samples;
}

/** Notes laid over each other, each starting `at` seconds in. */
function mix(parts, seconds) {
  const out = new Float32Array(Math.round(RATE * seconds));
  for (const { at, samples } of parts) {
    const offset = Math.round(at * RATE);
    for (let i = 0; i < samples.length && offset + i < out.length; i += 1) out[offset + i] += samples[i];
  }
  return out;
}

function wav(samples) {
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((value, i) => data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, value)) * 32_767), i * 2));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16); // PCM chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(RATE, 24);
  header.writeUInt32LE(RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

const out = new URL('../src/renderer/shared/sounds/', import.meta.url);
// New order: two soft, low notes going up (E5, A5) — noticeable, not alarming.
writeFileSync(new URL('new-order.wav', out), wav(mix([{ at: 0, samples: note(659.25, 0.5, 0.45) }, { at: 0.16, samples: note(880, 0.5, 0.45) }], 0.7)));
// Ready: three bright notes (C6, E6, G6) and the chord held, to carry over kitchen noise.
writeFileSync(
  new URL('ready.wav', out),
  wav(mix([
    { at: 0, samples: note(1046.5, 0.7, 0.4) },
    { at: 0.12, samples: note(1318.5, 0.7, 0.35) },
    { at: 0.24, samples: note(1568, 0.8, 0.35) },
  ], 1.05)),
);
process.stdout.write('wrote new-order.wav and ready.wav\n');
