#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so the tools need no build step.
import { register } from 'tsx/esm/api'

register()
await import('../src/bench/load-cli.ts')
