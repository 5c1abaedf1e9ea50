import { useEffect, useState } from 'react';
import type { AppError, JobRef, Result } from '../../src/contracts';
import { toAppError, unwrap } from './api';

/** A preview that carries the confirmation token its job must be started with. */
interface TokenPreview {
  token: string;
}

export interface PreviewThenJob<P> {
  preview: P | null;
  error: AppError | null;
  jobId: string | null;
  finished: boolean;
  setFinished: (finished: boolean) => void;
  /** Ask for the preview again (after an error, or when the job refused a stale token). */
  retry: () => void;
  /** Start the job with the token of the preview the user looked at. */
  confirm: () => Promise<void>;
}

/**
 * The shape of every long write in the panel (trim, re-rank, commit to sprints): the server previews exactly
 * what will change and hands out a one-use token; only a confirm with that token starts the job. The preview
 * is of the state when the dialog opened; `retry` asks for it again.
 */
export function usePreviewThenJob<P extends TokenPreview>(
  loadPreview: () => Promise<Result<P>>,
  startJob: (token: string) => Promise<Result<JobRef>>,
): PreviewThenJob<P> {
  const [preview, setPreview] = useState<P | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [finished, setFinished] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    setPreview(null);
    setError(null);
    loadPreview()
      .then((r) => setPreview(unwrap(r)))
      .catch((f: unknown) => setError(toAppError(f)));
    // Only `attempt` asks for a new preview: the functions are fresh closures on every render.
  }, [attempt]);

  const confirm = async (): Promise<void> => {
    if (!preview) return;
    try {
      setJobId(unwrap(await startJob(preview.token)).jobId);
    } catch (failure) {
      setError(toAppError(failure));
    }
  };

  return { preview, error, jobId, finished, setFinished, retry: () => setAttempt((a) => a + 1), confirm };
}
