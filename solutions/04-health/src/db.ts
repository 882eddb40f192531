/**
 * @module
 * The service's database client, reduced to what health checks need: `ping()`. In the lab the
 * "database" is a stand-in the grader runs at DB_URL, which it can take down or make hang.
 */

export interface Database {
  /** Resolves when the database answers; rejects when it fails. Never gives up on its own: pass a signal. */
  ping(signal?: AbortSignal): Promise<void>;
}

export function connectDatabase(url: string): Database {
  return {
    async ping(signal) {
      const response = await fetch(new URL('/ping', url), { signal });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`the database answered ${response.status}`);
    },
  };
}
