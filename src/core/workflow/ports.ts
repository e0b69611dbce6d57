// Ports the write core depends on: a clock and an author. The file system is Node's real fs
// (tests run on temp copies), so these are the only things a test needs to replay history.
import { userInfo } from 'node:os';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that always answers the same instant. */
export function fixedClock(at: Date | string): Clock {
  const d = typeof at === 'string' ? new Date(at) : at;
  return { now: () => new Date(d.getTime()) };
}

/** A clock that answers the given instants in order (and repeats the last one). Replays use it
 * when one yoi operation read the clock several times (e.g. close: state change, then close event). */
export function sequenceClock(instants: Array<Date | string>): Clock {
  const list = instants.map((d) => (typeof d === 'string' ? new Date(d) : d));
  if (list.length === 0) throw new RangeError('sequenceClock needs at least one instant');
  let i = 0;
  return { now: () => new Date(list[Math.min(i++, list.length - 1)].getTime()) };
}

/** yoi's timestamp format: UTC, whole seconds, `YYYY-MM-DDTHH:MM:SSZ`. */
export function formatTimestamp(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new RangeError('invalid date');
  return d.toISOString().slice(0, 19) + 'Z';
}

/** yoi's default author: the OS user name (`$USER`), `unknown` when unset. */
export function defaultAuthor(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.USER?.trim();
  if (fromEnv) return fromEnv;
  try {
    const name = userInfo().username.trim();
    if (name) return name;
  } catch {
    // no passwd entry (containers): fall through
  }
  return 'unknown';
}

/** Record language of generated text (§5.5). */
export type RecordLanguage = 'en' | 'ja';
