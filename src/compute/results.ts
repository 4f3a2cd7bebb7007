/**
 * Latest results per panel, outside React and outside the store (they are
 * big typed arrays). Panels read them with views/useResult.ts.
 */

export class ResultSlot<T> {
  private value: T | null = null;
  private readonly listeners = new Set<() => void>();

  get = (): T | null => this.value;

  set(v: T | null): void {
    this.value = v;
    for (const l of [...this.listeners]) l();
  }

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
}
