#!/usr/bin/env node
// The CLI is TypeScript run through swc, like every app of the monorepo.
require('@swc-node/register');
require('../src/main.ts');
