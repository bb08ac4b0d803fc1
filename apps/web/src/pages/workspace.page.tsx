import { BuildView } from '../components/build-view';
import { NewBuildForm } from '../components/new-build-form';
import { hrefOf } from '../lib/router';

export function WorkspacePage({ buildId }: { buildId?: string }) {
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        Workspace
      </h1>
      {buildId ? (
        <>
          <p>
            <a href={hrefOf.workspace()}>← New website</a>
          </p>
          <BuildView key={buildId} buildId={buildId} />
        </>
      ) : (
        <NewBuildForm />
      )}
    </>
  );
}
