// sample: not shown in the lesson; the samples import the lab's own logger through it, as lab code does.
export * from '../../../exercises/03-graceful-shutdown/src/log.ts';
