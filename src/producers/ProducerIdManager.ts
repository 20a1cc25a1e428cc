/**
 * Hands out producer ids that are never reused, even across restarts.
 * SKELETON: the interface is agreed; the implementation is being written.
 */
export class ProducerIdManager {
  private next = 0;

  constructor(protected readonly dataDir: string) {}

  load(): void {}

  /** A producer id never handed out before by this data dir. */
  allocate(): number {
    return this.next++;
  }
}
