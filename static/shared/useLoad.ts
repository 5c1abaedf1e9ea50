import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppError, Result } from '../../src/contracts';
import { toAppError, unwrap } from './api';

export interface Loaded<T> {
  data: T | null;
  error: AppError | null;
  loading: boolean;
  reload: () => void;
  /** Replace the data locally (after a write that returns fresh rows). */
  setData: (update: (current: T | null) => T | null) => void;
}

/** Loads a resolver result when `deps` change; keeps the last data visible while reloading. */
export function useLoad<T>(load: () => Promise<Result<T>>, deps: readonly unknown[]): Loaded<T> {
  const [data, setDataState] = useState<T | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    let current = true;
    setLoading(true);
    loadRef
      .current()
      .then((result) => {
        if (!current) return;
        setDataState(unwrap(result));
        setError(null);
      })
      .catch((failure: unknown) => {
        if (current) setError(toAppError(failure));
      })
      .finally(() => {
        if (current) setLoading(false);
      });
    return () => {
      current = false;
    };
    // `load` is read through a ref: callers pass a fresh closure each render; `deps` say when to reload.
  }, [...deps, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  const setData = useCallback((update: (current: T | null) => T | null) => setDataState(update), []);
  return { data, error, loading, reload, setData };
}
