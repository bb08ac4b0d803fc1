import { buildDist } from '@autowebiq/testing';

/**
 * `npm run build`: compiles every server app, lib and tool into dist/ (see buildDist), which `npm start`, the
 * test harness and the Docker image run. `--if-stale` skips the work when no source changed since the last build.
 */
buildDist({ force: !process.argv.includes('--if-stale') }).then(
  (r) =>
    console.log(
      r
        ? `compiled ${r.compiled} files (+${r.copied} copied) into dist/ in ${r.ms} ms`
        : 'dist/ is up to date',
    ),
  (e: Error) => {
    console.error(e.stack ?? e.message);
    process.exit(1);
  },
);
