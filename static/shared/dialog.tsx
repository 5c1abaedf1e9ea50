/**
 * Dialogs as Jira shows them: a Forge Custom UI modal (`Modal` from @forge/bridge) covers the whole Jira page,
 * not only the app's iframe. The opener passes what the dialog needs as the modal's context (a copy: it crosses
 * frames), the modal's frame loads the app's own resource, finds the request under `extension.modal` and
 * renders the dialog; `view.close(result)` hands the result back to the opener. `DialogFrame` is the dialog's
 * chrome inside that frame: title, scrolling body, footer, the focus kept inside, Escape.
 */
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type ReactNode } from 'react';
import { Modal, showFlag, view } from '@forge/bridge';
import { token } from '@atlaskit/tokens';
import { currentTranslator } from './i18n';

/** Jira's modal sizes: small 400 px, medium 600 px, large 800 px, xlarge 968 px wide. */
export type DialogSize = 'small' | 'medium' | 'large' | 'xlarge';

/** What `openDialog` resolves with when Jira did not open the dialog: nothing ran, nothing changed. */
export const DIALOG_NOT_OPENED: unique symbol = Symbol('DIALOG_NOT_OPENED');

let flagCount = 0;

/**
 * Tells the user, in a Jira flag, that the dialog did not open. Jira opens one modal at a time, so a second
 * open (or a bridge failure) rejects `Modal.open()`; without this the button would seem to do nothing.
 */
function flagNotOpened(): void {
  const { t } = currentTranslator();
  try {
    // A flag of its own each time: Jira would not show one again under the id of a flag still on screen.
    showFlag({ id: `backlog-balance-dialog-not-opened-${++flagCount}`, type: 'error', title: t('dialog.notOpened.title'), description: t('dialog.notOpened.description'), isAutoDismiss: true });
  } catch (error) {
    console.warn('The dialog did not open, and neither did the flag saying so.', error);
  }
}

/**
 * Opens a dialog as a Forge modal over the Jira page. Resolves with what the dialog closed with, or undefined
 * when it was closed without a result (the opener should then assume something may have changed), or
 * `DIALOG_NOT_OPENED` when Jira refused to open it (the user was told in a flag). The focus goes back to the
 * control that opened it.
 */
export function openDialog<R>(request: object, size: DialogSize): Promise<R | undefined | typeof DIALOG_NOT_OPENED> {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  return new Promise<R | undefined | typeof DIALOG_NOT_OPENED>((resolve) => {
    const modal = new Modal({
      size,
      context: request,
      // The dialog itself handles Escape (so a running write is not abandoned) and has its own Cancel.
      closeOnEscape: false,
      closeOnOverlayClick: false,
      onClose: (result?: R) => {
        opener?.focus();
        resolve(result);
      },
    });
    modal.open().catch((error: unknown) => {
      console.warn('Jira did not open the dialog.', error);
      flagNotOpened();
      opener?.focus();
      resolve(DIALOG_NOT_OPENED);
    });
  });
}

/** Inside a modal's frame: the request its opener passed; undefined in the app's own frame. */
export async function dialogRequest(): Promise<unknown> {
  try {
    const context = await view.getContext();
    return (context.extension as { modal?: unknown } | undefined)?.modal;
  } catch {
    return undefined;
  }
}

/** Closes this modal, handing `result` to the opener's `openDialog` promise. */
export function closeDialog(result: unknown): void {
  void view.close(result).catch(() => undefined);
}

const TABBABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function tabbables(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(TABBABLE)).filter((el) => el.getClientRects().length > 0);
}

/**
 * The dialog inside the modal's frame: a titled dialog filling the frame, its body scrolling between a fixed
 * header and footer. The focus starts on its first control and stays inside (Tab wraps); Escape calls
 * `onEscape` unless a control inside (an open select) took it.
 */
export function DialogFrame({
  title,
  danger = false,
  onEscape,
  footer,
  children,
}: {
  title: string;
  /** The dialog's write closes or drops issues: the title says so in the danger colour. */
  danger?: boolean;
  onEscape: () => void;
  footer: ReactNode;
  children: ReactNode;
}) {
  const titleId = useId();
  const root = useRef<HTMLDivElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const [bodyScrolls, setBodyScrolls] = useState(false);
  const escape = useRef(onEscape);
  escape.current = onEscape;

  useEffect(() => {
    const element = root.current;
    if (element) (tabbables(element)[0] ?? element).focus();
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape' && !event.defaultPrevented) {
        event.preventDefault();
        escape.current();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  // A body with more than fits scrolls, and a scrolling region must be reachable by keyboard.
  useLayoutEffect(() => {
    const element = body.current;
    if (element) setBodyScrolls(element.scrollHeight > element.clientHeight + 1);
  });

  const trapTab = (event: ReactKeyboardEvent<HTMLDivElement>): void => {
    if (event.key !== 'Tab' || !root.current) return;
    const all = tabbables(root.current);
    if (all.length === 0) return;
    const first = all[0] as HTMLElement;
    const last = all[all.length - 1] as HTMLElement;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <div
      ref={root}
      role="dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      tabIndex={-1}
      onKeyDown={trapTab}
      style={{ display: 'flex', flexDirection: 'column', height: '100vh', background: token('elevation.surface.overlay'), color: token('color.text'), outline: 'none' }}
    >
      <div style={{ padding: `${token('space.300')} ${token('space.300')} ${token('space.200')}` }}>
        <h1 id={titleId} style={{ margin: 0, font: token('font.heading.medium'), color: danger ? token('color.text.danger') : token('color.text') }}>
          {title}
        </h1>
      </div>
      <div
        ref={body}
        tabIndex={bodyScrolls ? 0 : undefined}
        role={bodyScrolls ? 'region' : undefined}
        aria-labelledby={bodyScrolls ? titleId : undefined}
        style={{ flex: 1, overflowY: 'auto', overflowX: 'hidden', padding: `${token('space.025')} ${token('space.300')}` }}
      >
        {children}
      </div>
      <div style={{ display: 'flex', justifyContent: 'flex-end', gap: token('space.100'), padding: `${token('space.200')} ${token('space.300')} ${token('space.300')}` }}>{footer}</div>
    </div>
  );
}
