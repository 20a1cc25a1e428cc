/**
 * The data dir's identity, kept in `meta.properties` as Kafka does: the cluster id is made once
 * and stays, so clients see the same cluster after a restart.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from './fsutil';
import { newUuid } from './topics/TopicRegistry';

export function loadOrCreateClusterId(dataDir: string, nodeId: number): string {
  const file = path.join(dataDir, 'meta.properties');
  if (fs.existsSync(file)) {
    const match = /^cluster\.id=(.+)$/m.exec(fs.readFileSync(file, 'utf8'));
    if (match) return match[1].trim();
  }
  const clusterId = newUuid();
  writeFileAtomic(file, `# written by minikafka\nversion=1\ncluster.id=${clusterId}\nnode.id=${nodeId}\n`);
  return clusterId;
}
