import { useEffect, useState } from 'react';
import { view } from '@forge/bridge';

export interface FrameIdentity {
  accountId: string;
  projectKey: string | null;
}

/** Who and where, from Jira's frame context: local to the bridge, so known before any resolver answers. */
export function useFrameIdentity(): FrameIdentity | null {
  const [identity, setIdentity] = useState<FrameIdentity | null>(null);
  useEffect(() => {
    let current = true;
    view
      .getContext()
      .then((context) => {
        const extension = context.extension as { project?: { key?: string } } | undefined;
        if (current) setIdentity({ accountId: context.accountId ?? '', projectKey: extension?.project?.key ?? null });
      })
      .catch(() => {
        if (current) setIdentity({ accountId: '', projectKey: null });
      });
    return () => {
      current = false;
    };
  }, []);
  return identity;
}
