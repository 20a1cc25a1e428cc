/** The console's URLs. Names are percent-encoded: group ids may contain '/', '?' or '#'. */

export const topicUrl = (topic: string): string => `/topics/${encodeURIComponent(topic)}`;

export function messagesUrl(topic: string, query: Record<string, string | number> = {}): string {
  const params = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return `${topicUrl(topic)}/messages${params ? `?${params}` : ''}`;
}

export const groupUrl = (groupId: string): string => `/groups/${encodeURIComponent(groupId)}`;
