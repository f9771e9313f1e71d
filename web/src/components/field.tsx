import type { JSX } from 'preact';

/** What a control needs so that its label, hint and error reach assistive technology. */
export interface ControlProps {
  readonly id: string;
  readonly 'aria-invalid': 'true' | undefined;
  readonly 'aria-describedby': string | undefined;
}

/**
 * One labelled form control with an optional hint and the error that belongs to it: the
 * control gets `aria-invalid` and `aria-describedby` pointing at the `.field-error` text, so
 * a screen reader reads the message when the control is focused, and sighted people see it
 * next to the control (red border and text, never colour alone: the message says what is wrong).
 */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string | null;
  children: (props: ControlProps) => JSX.Element;
}) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': describedBy || undefined })}
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** The lines of a textarea, trimmed, blank ones dropped (CIDRs, tags: one per line). */
export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
