/**
 * The data dir's identity, kept in `meta.properties` as Kafka does: the cluster id is made once
 * and stays, so clients see the same cluster after a restart.
 */
import type { StateVolume } from './storage/StateVolume';
import { newUuid } from './topics/TopicRegistry';

const FILE = 'meta.properties';

export function loadOrCreateClusterId(volume: StateVolume, nodeId: number): string {
  const match = /^cluster\.id=(.+)$/m.exec(volume.read(FILE) ?? '');
  if (match) return match[1].trim();
  const clusterId = newUuid();
  volume.write(FILE, `# written by minikafka\nversion=1\ncluster.id=${clusterId}\nnode.id=${nodeId}\n`);
  return clusterId;
}
