// sample: not shown in the lesson; the samples use the lab's own problem+json helper through it, as lab code does.
export { problem } from '../../../exercises/07-rate-limiting/src/problem.ts';
