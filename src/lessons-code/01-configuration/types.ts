// sample: not shown in the lesson; the samples use the lab's own Config type through it.
export type { Config } from '../../../exercises/01-configuration/src/config.ts';
