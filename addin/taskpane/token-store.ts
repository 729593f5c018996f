// Where the sign-in token lives: the add-in's own partitioned storage (OfficeRuntime.storage in
// the shared runtime, else the pane's localStorage), never the workbook, which travels by mail.
export interface TokenStore {
  get(): Promise<string | null>;
  set(token: string | null): Promise<void>;
}

const KEY = 'lodestone.token';

interface OfficeRuntimeStorage {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

/** OfficeRuntime.storage when the shared runtime offers it, else localStorage. */
export function addinTokenStore(): TokenStore {
  const runtime = (globalThis as { OfficeRuntime?: { storage?: OfficeRuntimeStorage } })
    .OfficeRuntime?.storage;
  if (runtime)
    return {
      get: () => runtime.getItem(KEY),
      set: (t) => (t === null ? runtime.removeItem(KEY) : runtime.setItem(KEY, t)),
    };
  return {
    get: () => Promise.resolve(globalThis.localStorage?.getItem(KEY) ?? null),
    set: (t) => {
      if (t === null) globalThis.localStorage?.removeItem(KEY);
      else globalThis.localStorage?.setItem(KEY, t);
      return Promise.resolve();
    },
  };
}
