#!/usr/bin/env node
// The `operable` command. The CLI is TypeScript run directly by Node (type stripping, Node >= 22.18).
import '../src/cli/operable.ts';
