// sample: not shown in the lesson; the samples log through lab 08's own JSON logger, as lab code does.
export * from '../../../exercises/08-caching/src/log.ts';
