// Threads are parsed on demand and cached by (mtime, size); a small LRU bounds memory because a
// thread can be 80 KB and the index must stay a few KB per Ticket.
import { readFileSync, statSync } from 'node:fs';
import { parseThread, ParsedThread } from '../thread/thread';

interface Entry {
  mtimeMs: number;
  size: number;
  thread: ParsedThread;
}

export class ThreadCache {
  private entries = new Map<string, Entry>();

  constructor(private readonly capacity = 64) {}

  /** Parsed thread at `path`, or undefined when the file does not exist. */
  get(path: string): ParsedThread | undefined {
    let st;
    try {
      st = statSync(path);
    } catch {
      this.entries.delete(path);
      return undefined;
    }
    const hit = this.entries.get(path);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) {
      this.entries.delete(path); // refresh LRU position
      this.entries.set(path, hit);
      return hit.thread;
    }
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
    const thread = parseThread(text, path);
    this.entries.delete(path);
    this.entries.set(path, { mtimeMs: st.mtimeMs, size: st.size, thread });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return thread;
  }

  invalidate(path: string): void {
    this.entries.delete(path);
  }

  clear(): void {
    this.entries.clear();
  }
}
