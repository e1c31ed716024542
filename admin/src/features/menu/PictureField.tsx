import { useEffect, useId, useState } from 'react';

const TYPES = ['image/png', 'image/jpeg', 'image/webp'];
const MAX_BYTES = 2 * 1024 * 1024;

interface PictureFieldProps {
  /** The dish's current picture, if any. */
  current: string;
  file: File | null;
  onFile: (file: File | null) => void;
  /** The API's refusal of the last upload. */
  error?: string | undefined;
}

/** Choose a picture and see it before saving; the upload happens with Save. */
export function PictureField({ current, file, onFile, error }: PictureFieldProps) {
  const id = useId();
  const [preview, setPreview] = useState<string | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  useEffect(() => {
    if (!file) return setPreview(null);
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  const choose = (event: React.ChangeEvent<HTMLInputElement>) => {
    const chosen = event.currentTarget.files?.[0] ?? null;
    setLocalError(null);
    if (chosen && !TYPES.includes(chosen.type)) {
      setLocalError('Choose a PNG, JPEG or WebP picture.');
      event.currentTarget.value = '';
      return onFile(null);
    }
    if (chosen && chosen.size > MAX_BYTES) {
      setLocalError(`That picture is ${(chosen.size / 1024 / 1024).toFixed(1)} MB; the most is 2 MB.`);
      event.currentTarget.value = '';
      return onFile(null);
    }
    onFile(chosen);
  };

  const shown = preview ?? (current || null);
  const message = localError ?? error;
  return (
    <div className="field picture-field">
      <label htmlFor={id}>Picture</label>
      <div className="picture-row">
        <div className="picture-frame">
          {shown ? <img src={shown} alt={preview ? 'Preview of the new picture' : 'The current picture'} /> : <span className="muted small">No picture yet</span>}
        </div>
        <div className="picture-controls">
          <input
            id={id}
            type="file"
            accept={TYPES.join(',')}
            onChange={choose}
            aria-invalid={message ? true : undefined}
            aria-describedby={`${id}-hint${message ? ` ${id}-error` : ''}`}
          />
          <span id={`${id}-hint`} className="hint">
            PNG, JPEG or WebP, at most 2 MB. {preview ? 'It is uploaded when you save.' : ''}
          </span>
          {message && (
            <span id={`${id}-error`} className="field-error">
              {message}
            </span>
          )}
        </div>
      </div>
    </div>
  );
}
