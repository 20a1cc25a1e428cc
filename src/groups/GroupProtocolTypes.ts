/**
 * The protocol type ("consumer", ...) of every group that has had members, kept in the data dir.
 * Kafka keeps an emptied group's metadata in __consumer_offsets, so after a restart such a group
 * is still listed and described as a consumer group; membership itself is not kept here.
 */
import type { StateVolume } from '../storage/StateVolume';

const FILE = 'groups.json';

export class GroupProtocolTypes {
  private readonly types = new Map<string, string>();

  /** Kept in `groups.json` of the volume; with no volume, nowhere (tests). */
  constructor(private readonly volume: StateVolume | null = null) {
    const content = volume?.read(FILE) ?? null;
    if (content !== null) {
      const stored = JSON.parse(content) as Record<string, string>;
      for (const [groupId, type] of Object.entries(stored)) this.types.set(groupId, type);
    }
  }

  get(groupId: string): string | undefined {
    return this.types.get(groupId);
  }

  /** Written only when it changes, which is once per group in practice. */
  set(groupId: string, protocolType: string): void {
    if (this.types.get(groupId) === protocolType) return;
    this.types.set(groupId, protocolType);
    this.save();
  }

  delete(groupId: string): void {
    if (this.types.delete(groupId)) this.save();
  }

  private save(): void {
    this.volume?.write(FILE, JSON.stringify(Object.fromEntries(this.types), null, 2));
  }
}
