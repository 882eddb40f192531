// sample: not shown in the lesson; the samples import the lab's own logger through it, as lab code does.
export * from '../../../exercises/02-environment/src/log.ts';
