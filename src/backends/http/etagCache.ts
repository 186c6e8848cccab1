// Bodies kept by ETag so that a poll answered 304 costs no parsing and no quota
// (GitHub and GitLab do not count conditional hits against the rate limit).

/** What a conditional request needs to replay a 304. */
export interface CachedResponse {
  /** The validator the server sent with the body. */
  etag: string;
  /** The decoded body of the 200 that carried the ETag. */
  body: unknown;
  /** Headers of that 200 that a 304 may omit (Link for pagination). */
  headers: Record<string, string>;
}

/** Storage for conditional requests; keys include the credentials' fingerprint. */
export interface EtagCache {
  get(key: string): CachedResponse | undefined;
  set(key: string, value: CachedResponse): void;
}

/** Keeps the most recently used `capacity` entries in memory. */
export class MemoryEtagCache implements EtagCache {
  private readonly entries = new Map<string, CachedResponse>();

  constructor(private readonly capacity = 500) {}

  get(key: string): CachedResponse | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      // Re-insert to mark as recently used: Map keeps insertion order.
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: CachedResponse): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
