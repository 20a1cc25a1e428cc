/** As Kafka shows a member's host: the client's address after a slash ("/127.0.0.1"). */
export function clientHostOf(peer: string | undefined): string {
  if (!peer) return '';
  const address = peer.slice(0, peer.lastIndexOf(':')).replace(/^::ffff:(?=\d+\.)/, '');
  return `/${address}`;
}
