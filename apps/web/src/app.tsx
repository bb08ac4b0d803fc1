import { useCallback, useEffect, useRef, useState } from 'react';
import { AppHeader } from './components/app-header';
import { ConnectionBanner } from './components/connection-banner';
import { useRoute, type Route } from './lib/router';
import { BuildsPage } from './pages/builds.page';
import { SignInPage } from './pages/sign-in.page';
import { UsagePage } from './pages/usage.page';
import { WorkspacePage } from './pages/workspace.page';
import { SessionProvider, storedApiKey } from './session';

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case 'workspace':
      return <WorkspacePage buildId={route.buildId} />;
    case 'builds':
      return <BuildsPage />;
    case 'usage':
      return <UsagePage />;
    case 'not_found':
      return (
        <>
          <h1 id="page-title" tabIndex={-1}>
            Page not found
          </h1>
          <p>
            <a href="#/">Go to the Workspace</a>
          </p>
        </>
      );
  }
}

export function App() {
  const [apiKey, setApiKey] = useState(storedApiKey);
  const [notice, setNotice] = useState<string>();
  const route = useRoute();
  const mainRef = useRef<HTMLElement>(null);
  const onSignOut = useCallback((message?: string) => {
    setNotice(message);
    setApiKey(null);
  }, []);

  // A route change moves focus to the new page's heading, as a full page load would for a screen reader.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    mainRef.current?.querySelector<HTMLElement>('#page-title')?.focus();
  }, [route]);

  if (!apiKey) {
    return (
      <SignInPage
        notice={notice}
        onSignedIn={(key) => {
          setNotice(undefined);
          setApiKey(key);
        }}
      />
    );
  }
  return (
    <SessionProvider apiKey={apiKey} onSignOut={onSignOut}>
      <a className="skip-link" href="#main" onClick={(e) => (e.preventDefault(), mainRef.current?.focus())}>
        Skip to content
      </a>
      <AppHeader route={route} />
      <ConnectionBanner />
      <main id="main" ref={mainRef} tabIndex={-1}>
        <Page route={route} />
      </main>
    </SessionProvider>
  );
}
