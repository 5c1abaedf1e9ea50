import type { TeamBacklog } from '../../src/jira/backlog';

/**
 * A backlog without when its parts were read (`loadedAt`, `orderReadAt`, `relatedReadAt`) and with its
 * features in key order: a refresh must equal a full load in everything else.
 */
export function withoutReadTimes(backlog: TeamBacklog): Omit<TeamBacklog, 'loadedAt' | 'orderReadAt' | 'relatedReadAt'> {
  const { loadedAt: _loadedAt, orderReadAt: _orderReadAt, relatedReadAt: _relatedReadAt, ...rest } = backlog;
  return { ...rest, features: [...rest.features].sort((a, b) => a.key.localeCompare(b.key)) };
}
