/**
 * Loaded with `node --import <this file>` where the container's Node cannot run TypeScript itself
 * (Node 20, the WebContainer default): registers hooks.mjs, which strips types with amaro, the
 * type stripper Node itself uses. Plain JavaScript: it must run before any type stripping exists.
 */
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
