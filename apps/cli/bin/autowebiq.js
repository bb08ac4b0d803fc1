#!/usr/bin/env node
// The CLI is TypeScript run through swc, like every app of the monorepo. swc takes the root tsconfig's paths
// from any working directory, so @autowebiq/sdk is its source here, never the package's built dist.
process.env.SWC_NODE_PROJECT ??= require('node:path').join(__dirname, '..', '..', '..', 'tsconfig.json');
require('@swc-node/register');
require('../src/main.ts');
