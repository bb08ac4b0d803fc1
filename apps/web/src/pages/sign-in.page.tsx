import { AuthenticationError } from '@autowebiq/sdk';
import { useState, type FormEvent } from 'react';
import { newClient, storeApiKey } from '../session';

/** The API key is checked against the API before it is kept (in this browser's localStorage only). */
export function SignInPage({
  notice,
  onSignedIn,
}: {
  notice?: string;
  onSignedIn: (apiKey: string) => void;
}) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const apiKey = key.trim();
    if (!apiKey) return setError('Enter your API key.');
    setBusy(true);
    setError(undefined);
    try {
      await newClient(apiKey).balance();
      storeApiKey(apiKey);
      onSignedIn(apiKey);
    } catch (err) {
      setError(
        err instanceof AuthenticationError
          ? 'That API key was not accepted. Check it and try again.'
          : `Could not sign in: ${(err as Error).message}`,
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" className="sign-in">
      <h1>
        <span aria-hidden="true">🚀</span> AutoWebIQ
      </h1>
      <p className="muted">Describe a website; four agents build it while you watch every credit.</p>
      {notice && (
        <p className="banner banner--warning" role="status">
          {notice}
        </p>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="current-password"
          spellCheck={false}
          value={key}
          onChange={(e) => setKey(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'api-key-error' : 'api-key-hint'}
          autoFocus
        />
        <p id="api-key-hint" className="hint">
          Kept in this browser only; signing out removes it.
        </p>
        {error && (
          <p id="api-key-error" className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
