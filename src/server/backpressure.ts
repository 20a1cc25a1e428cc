/**
 * When a connection stops reading requests. Kafka mutes a channel from the moment it reads a
 * request until the response is sent, so a client that does not read its responses holds at most
 * one of them in the broker. We keep pipelining (requests behind a long poll are processed while
 * it waits), but bound it: no more requests are read while too many are unanswered, or while the
 * answers already written have not gone out because the client is not reading them.
 */

/** Requests read but not yet answered, per connection (Kafka: 1). */
export const MAX_QUEUED_REQUESTS = 16;

/** Response bytes written to the socket but not yet taken by the client's TCP stack. */
export const MAX_UNSENT_BYTES = 1024 * 1024;

export function mustStopReading(queuedRequests: number, unsentBytes: number): boolean {
  return queuedRequests >= MAX_QUEUED_REQUESTS || unsentBytes >= MAX_UNSENT_BYTES;
}
