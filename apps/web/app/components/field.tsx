export function Field({
  label,
  name,
  type = 'text',
  autoComplete,
  defaultValue,
  errors,
  hint,
}: {
  label: string;
  name: string;
  type?: string;
  autoComplete?: string;
  defaultValue?: string;
  errors?: string[] | undefined;
  hint?: string;
}) {
  const errorId = `${name}-error`;
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        name={name}
        type={type}
        autoComplete={autoComplete}
        defaultValue={defaultValue}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? errorId : undefined}
        required
      />
      {hint && !errors?.length ? <span className="field-hint">{hint}</span> : null}
      {errors?.length ? (
        <span className="field-error" id={errorId}>
          {errors.join(' ')}
        </span>
      ) : null}
    </label>
  );
}

export function FormMessage({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="form-message" role="alert">
      {message}
    </p>
  );
}

/** A form field's error messages (each once), named by `id` for the input's aria-describedby. */
export function FieldErrors({ id, errors }: { id: string; errors: string[] | undefined }) {
  if (!errors?.length) return null;
  return (
    <span className="field-error" id={id}>
      {[...new Set(errors)].join(' ')}
    </span>
  );
}
