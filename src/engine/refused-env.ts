/**
 * @module
 * Variables a learner may not set for a run of their service: they change how Node or the system
 * loader start the process (preload code, swap libraries), not the service's configuration, and
 * through them a run could reach past the sandbox's intent. The workspace's environment editor and
 * the local server's API both refuse them.
 */
const REFUSED = /^(NODE_OPTIONS|NODE_PATH|NODE_REPL_EXTERNAL_MODULE|NODE_EXTRA_CA_CERTS|LD_\w*|DYLD_\w*)$/;

/** Why `name` may not be set, or undefined when it may. */
export function refusedVariable(name: string): string | undefined {
  return REFUSED.test(name) ? `${name} cannot be set here: it changes how Node or the system start the process, not your service's configuration.` : undefined;
}
