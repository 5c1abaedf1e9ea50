/**
 * Puts the PO on the field a refused save names: the element marked `data-field` with the error's field path
 * (or, for a part the page does not show on its own, the nearest enclosing one: "settings.programProjects.1" is
 * the program projects input) is outlined, marked `aria-invalid`, scrolled into view and focused.
 */
import { useEffect } from 'react';
import { token } from '@atlaskit/tokens';
import type { AppError } from '../../src/contracts';

const CONTROLS = 'input, select, textarea';

/** The element showing `field`, or the closest one above it in the path. */
export function fieldElement(field: string, root: ParentNode = document): HTMLElement | null {
  const parts = field.split('.');
  for (let n = parts.length; n > 0; n--) {
    const path = parts.slice(0, n).join('.');
    const found = root.querySelector<HTMLElement>(`[data-field="${CSS.escape(path)}"]`);
    if (found) return found;
  }
  return null;
}

export function useFieldHighlight(error: AppError | null): void {
  useEffect(() => {
    if (!error?.field) return;
    const target = fieldElement(error.field);
    if (!target) return;
    const control = target.matches(CONTROLS) ? target : target.querySelector<HTMLElement>(CONTROLS);
    const { outline, outlineOffset } = target.style;
    target.style.outline = `2px solid ${token('color.border.danger')}`;
    target.style.outlineOffset = '2px';
    target.setAttribute('data-invalid', 'true');
    control?.setAttribute('aria-invalid', 'true');
    target.scrollIntoView({ block: 'center' });
    control?.focus({ preventScroll: true });
    return () => {
      target.style.outline = outline;
      target.style.outlineOffset = outlineOffset;
      target.removeAttribute('data-invalid');
      control?.removeAttribute('aria-invalid');
    };
  }, [error]);
}
