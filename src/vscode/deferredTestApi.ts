import type { DevopsTestApi } from './testApi';

/**
 * What activate() returns while the features are still loading: `ready` waits for them and
 * for their first reads; every other field is the features' own once `ready` resolved
 * (undefined before, which is why callers await `ready` first).
 */
export function deferredTestApi(features: Promise<DevopsTestApi>): DevopsTestApi {
  let loaded: DevopsTestApi | undefined;
  const ready = features.then((api) => {
    loaded = api;
    return api.ready;
  });
  // Nobody in production awaits `ready`: a failed load is reported by the views, not as an unhandled rejection.
  ready.catch(() => undefined);
  return new Proxy({} as DevopsTestApi, {
    get: (_target, key): unknown => (key === 'ready' ? ready : loaded === undefined ? undefined : (Reflect.get(loaded, key) as unknown)),
  });
}
