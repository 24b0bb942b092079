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
  const hintId = `${name}-hint`;
  // The hint and the error sit inside the label, so without aria-labelledby they became part of the field's
  // name ("Password At least 12 characters."): the name is the label's text, the rest describes the field.
  return (
    <label className="field">
      <span className="field-label" id={`${name}-label`}>{label}</span>
      <input
        name={name}
        type={type}
        autoComplete={autoComplete}
        defaultValue={defaultValue}
        aria-labelledby={`${name}-label`}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? errorId : hint ? hintId : undefined}
        required
      />
      {hint && !errors?.length ? <span className="field-hint" id={hintId}>{hint}</span> : null}
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
