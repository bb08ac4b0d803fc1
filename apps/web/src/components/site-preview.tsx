import type { BuildResponse } from '@autowebiq/sdk';
import { useState } from 'react';
import { useSession } from '../session';

/**
 * The generated site in a sandboxed frame. The frame gets an opaque origin (no
 * allow-same-origin), so the site's scripts can never reach this page, its
 * storage (the API key) or the gateway's origin. It loads the build's
 * preview_url: a short-lived signed link the gateway issues, so no credential
 * ever appears in a URL.
 */
export function SitePreview({ build }: { build: BuildResponse }) {
  const { client } = useSession();
  const [downloading, setDownloading] = useState(false);
  const [error, setError] = useState<string>();
  const src = build.preview_url ? new URL(build.preview_url, `${client.baseUrl}/`).toString() : null;

  async function download() {
    setDownloading(true);
    setError(undefined);
    try {
      const zip = await client.archive(build.id);
      const url = URL.createObjectURL(new Blob([zip], { type: 'application/zip' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `autowebiq-${build.id.slice(0, 8)}.zip`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(`Download failed: ${(e as Error).message}`);
    } finally {
      setDownloading(false);
    }
  }

  return (
    <section className="preview" aria-labelledby="preview-title">
      <div className="preview__bar">
        <h2 id="preview-title">Preview</h2>
        <button
          type="button"
          onClick={() => void download()}
          disabled={downloading}
          data-testid="download-zip"
        >
          {downloading ? 'Preparing zip…' : 'Download .zip'}
        </button>
      </div>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      {src ? (
        <iframe
          className="preview__frame"
          title="Preview of the generated website"
          src={src}
          sandbox="allow-scripts"
          referrerPolicy="no-referrer"
          data-testid="site-preview"
        />
      ) : (
        <p className="muted">The preview appears once the site's files are ready.</p>
      )}
    </section>
  );
}
