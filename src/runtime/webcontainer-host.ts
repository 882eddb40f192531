/**
 * @module
 * The real `@webcontainer/api` behind our Container interface. Imported only when the learner starts
 * the in-browser runtime, so lesson pages never load it.
 *
 * Licence: WebContainers are free for open source and prototypes; commercial production use needs a
 * StackBlitz licence, whose key is given at build time as PUBLIC_WEBCONTAINER_API_KEY (see README).
 */
import type { BootContainer, Container, ContainerEventMap } from './container-api.ts';

export const bootWebContainer: BootContainer = async () => {
  const api = await import('@webcontainer/api');
  const key = import.meta.env.PUBLIC_WEBCONTAINER_API_KEY as string | undefined;
  if (key) api.configureAPIKey(key);
  // COEP require-corp: the same policy the site is served with (Safari supports no other).
  const instance = await api.WebContainer.boot({ coep: 'require-corp', workdirName: 'operable' });
  const container: Container = {
    fs: {
      writeFile: (path, data) => instance.fs.writeFile(path, data),
      mkdir: (path, options) => instance.fs.mkdir(path, options),
      rm: (path, options) => instance.fs.rm(path, options),
    },
    mount: (tree) => instance.mount(tree),
    spawn: (command, args, options) => instance.spawn(command, args, options),
    on: <E extends keyof ContainerEventMap>(event: E, listener: ContainerEventMap[E]) =>
      (instance.on as (event: string, listener: unknown) => () => void)(event, listener),
    teardown: () => instance.teardown(),
  };
  return container;
};
