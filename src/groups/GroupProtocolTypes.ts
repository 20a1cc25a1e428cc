/**
 * The protocol type ("consumer", ...) of every group that has had members, kept in the data dir.
 * Kafka keeps an emptied group's metadata in __consumer_offsets, so after a restart such a group
 * is still listed and described as a consumer group; membership itself is not kept here.
 */
import * as fs from 'node:fs';
import { writeFileAtomic } from '../fsutil';

export class GroupProtocolTypes {
  private readonly types = new Map<string, string>();

  /** With no file, the types live in memory only (tests). */
  constructor(private readonly file: string | null = null) {
    if (file && fs.existsSync(file)) {
      const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
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
    if (this.file) writeFileAtomic(this.file, JSON.stringify(Object.fromEntries(this.types), null, 2));
  }
}
