import type { ReactNode } from "react";

interface TextFieldProps {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  onBlur: () => void;
  /** Shown beside the field, and announced, once the field has been visited. */
  error?: string;
  maxLength: number;
  multiline?: boolean;
  testId: string;
}

export function TextField({ id, label, value, onChange, onBlur, error, maxLength, multiline, testId }: TextFieldProps) {
  const errorId = `${id}-error`;
  const common = {
    id,
    value,
    maxLength,
    onBlur,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? errorId : undefined,
    "data-testid": testId,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={3} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <input {...common} onChange={(event) => onChange(event.target.value)} />
      )}
      {error && (
        <p id={errorId} className="field-error" data-testid={`${testId}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
