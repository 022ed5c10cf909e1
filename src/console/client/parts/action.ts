// A button's work: one call at a time, its error kept for the page to show.
import { useState } from 'preact/hooks';

export function useAction<A extends unknown[], R>(run: (...args: A) => Promise<R>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<R | null>(null);
  async function go(...args: A): Promise<R | null> {
    if (busy) return null;
    setBusy(true);
    setError(null);
    try {
      const r = await run(...args);
      setResult(r);
      return r;
    } catch (e) {
      setError(e);
      return null;
    } finally {
      setBusy(false);
    }
  }
  return { go, busy, error, result };
}
