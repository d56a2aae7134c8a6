/**
 * Tool notifications: problems with the input or the tool itself (parse errors, unreadable
 * files, refused paths, values that could not be decided). They are never findings, and never
 * stop the rest of the scan.
 */
import type { Range } from './hcl/ast';
import { compareText } from './collections';

export type NotificationLevel = 'error' | 'warning' | 'note';

export interface Notification {
  level: NotificationLevel;
  message: string;
  /** Repository-relative path, when the notification is about a file. */
  file?: string;
  startLine?: number;
  startColumn?: number;
  /** Machine-readable kind, e.g. "parse-error", "unknown-value". */
  kind: string;
}

export class Diagnostics {
  private readonly items: Notification[] = [];
  private readonly seen = new Set<string>();

  add(level: NotificationLevel, kind: string, message: string, at?: Range | { file: string; line?: number }): void {
    const n: Notification = { level, kind, message };
    if (at) {
      n.file = at.file;
      if ('start' in at) {
        n.startLine = at.start.line;
        n.startColumn = at.start.column;
      } else if (at.line) n.startLine = at.line;
    }
    const key = `${level}|${kind}|${message}|${n.file ?? ''}|${n.startLine ?? ''}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.items.push(n);
  }

  error(kind: string, message: string, at?: Range | { file: string; line?: number }): void {
    this.add('error', kind, message, at);
  }
  warning(kind: string, message: string, at?: Range | { file: string; line?: number }): void {
    this.add('warning', kind, message, at);
  }
  note(kind: string, message: string, at?: Range | { file: string; line?: number }): void {
    this.add('note', kind, message, at);
  }

  /** Sorted for deterministic output. */
  list(): Notification[] {
    return [...this.items].sort(
      (a, b) =>
        compareText(a.file ?? '', b.file ?? '') ||
        (a.startLine ?? 0) - (b.startLine ?? 0) ||
        (a.startColumn ?? 0) - (b.startColumn ?? 0) ||
        compareText(a.message, b.message),
    );
  }
}
