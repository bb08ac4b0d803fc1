import { InsufficientCreditsError, parseCredits, type EstimateResponse } from '@autowebiq/sdk';
import { MAX_PROMPT_CHARS } from '@autowebiq/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { credits } from '../lib/format';
import { hrefOf, navigate } from '../lib/router';
import { useDebounced } from '../lib/use-debounced';
import { useSession } from '../session';
import { EstimateRange } from './estimate-range';

/** "needs X credits, you have Y" from the 402's details, exact when the API sent µcr. */
export function insufficientMessage(e: InsufficientCreditsError): string {
  const need = credits(e.required, e.requiredMicro);
  const have = credits(e.available, e.availableMicro);
  return `This build needs ${need} credits, you have ${have}. Lower the spending limit, shorten the prompt, or ask for more credits.`;
}

/** Prompt, live estimate (debounced), optional spending limit, start. */
export function NewBuildForm() {
  const { client } = useSession();
  const [prompt, setPrompt] = useState('');
  const [limit, setLimit] = useState('');
  const [estimate, setEstimate] = useState<EstimateResponse>();
  const [estimating, setEstimating] = useState(false);
  const [estimateError, setEstimateError] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const debouncedPrompt = useDebounced(prompt.trim(), 400);

  useEffect(() => {
    if (!debouncedPrompt) {
      setEstimate(undefined);
      return;
    }
    const controller = new AbortController();
    setEstimating(true);
    setEstimateError(undefined);
    client.estimate({ prompt: debouncedPrompt }, { signal: controller.signal }).then(
      (e) => {
        setEstimate(e);
        setEstimating(false);
      },
      (e: Error) => {
        if (controller.signal.aborted) return;
        setEstimateError(`No estimate: ${e.message}`);
        setEstimating(false);
      },
    );
    return () => controller.abort();
  }, [client, debouncedPrompt]);

  const limitMicro = limit.trim() ? parseCredits(limit) : undefined;
  const limitInvalid = limit.trim() !== '' && (limitMicro === undefined || limitMicro <= 0n);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!prompt.trim()) return setError('Describe the website you want.');
    if (limitInvalid)
      return setError('The spending limit must be a positive number of credits, e.g. 10 or 12.5.');
    setBusy(true);
    setError(undefined);
    try {
      const { build } = await client.createBuild({
        prompt: prompt.trim(),
        ...(limitMicro ? { max_credits: Number(limitMicro) / 1_000_000 } : {}),
      });
      navigate(hrefOf.workspace(build.id));
    } catch (err) {
      setError(
        err instanceof InsufficientCreditsError
          ? insufficientMessage(err)
          : `Could not start the build: ${(err as Error).message}`,
      );
      setBusy(false);
    }
  }

  return (
    <form className="new-build" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="new-build-title">
      <h2 id="new-build-title">New website</h2>
      <label htmlFor="prompt">Describe your website</label>
      <textarea
        id="prompt"
        name="prompt"
        rows={4}
        maxLength={MAX_PROMPT_CHARS}
        placeholder="A modern bakery in Lisbon with an online order form and a gallery"
        value={prompt}
        onChange={(e) => setPrompt(e.target.value)}
        aria-describedby="estimate"
      />
      <p id="estimate" className="estimate" aria-live="polite">
        {estimate && debouncedPrompt ? (
          <>
            Estimated cost: <EstimateRange estimate={estimate} />
          </>
        ) : estimating ? (
          'Estimating…'
        ) : (
          (estimateError ?? 'Type a prompt to see what it will cost.')
        )}
      </p>
      <div className="new-build__row">
        <div className="field">
          <label htmlFor="max-credits">Spending limit (credits, optional)</label>
          <input
            id="max-credits"
            name="max-credits"
            inputMode="decimal"
            value={limit}
            onChange={(e) => setLimit(e.target.value)}
            aria-invalid={limitInvalid || undefined}
            aria-describedby="max-credits-hint"
          />
          <p id="max-credits-hint" className="hint">
            Without a limit, the estimate's high end is held and what is not used is refunded.
          </p>
        </div>
        <button type="submit" disabled={busy} data-testid="start-build">
          {busy ? 'Starting…' : 'Start build'}
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert" data-testid="start-error">
          {error}
        </p>
      )}
    </form>
  );
}
