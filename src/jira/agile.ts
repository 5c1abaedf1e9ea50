/** Jira Software (Agile REST) reads: boards of a project, a board's configuration, its sprints. */

import { JiraUnexpectedResponseError, JiraValidationError } from './errors';
import type { JiraHttp } from './http';
import { asNumber, asRecord, asString, stringAt } from './json';
import { assertProjectKey } from './jql';
import { route, type JiraRoute } from './route';
import type { BoardConfiguration, JiraBoard, JiraSprint } from './types';

const AGILE_PAGE = 50;

/** Reads every page of an Agile `{startAt, maxResults, isLast, values}` list. */
async function readAllAgilePages(http: JiraHttp, pageRoute: (startAt: number) => JiraRoute): Promise<unknown[]> {
  const values: unknown[] = [];
  for (;;) {
    const page = asRecord(await http.get(pageRoute(values.length)));
    if (!page || !Array.isArray(page.values)) {
      throw new JiraUnexpectedResponseError('Jira answered an Agile list without values.', { status: 200 });
    }
    values.push(...page.values);
    const total = asNumber(page.total);
    const done = page.isLast === true || page.values.length === 0 || (total !== null && values.length >= total);
    if (done) return values;
  }
}

/**
 * Boards of a project that can have sprints: classic Scrum boards first, then team-managed projects' boards
 * (Jira's `simple` type, with sprints when the project turned them on). Classic Kanban boards never have sprints.
 */
export async function listScrumBoards(http: JiraHttp, projectKey: string): Promise<JiraBoard[]> {
  const key = assertProjectKey(projectKey);
  const values = await readAllAgilePages(
    http,
    (startAt) => route`/rest/agile/1.0/board?projectKeyOrId=${key}&type=${'scrum,simple'}&startAt=${startAt}&maxResults=${AGILE_PAGE}`,
  );
  const boards = values.flatMap((raw) => {
    const board = asRecord(raw);
    const id = asNumber(board?.id);
    const type = asString(board?.type) ?? 'scrum';
    return board && id !== null && type !== 'kanban' ? [{ id, name: asString(board.name) ?? `Board ${id}`, type }] : [];
  });
  return [...boards.filter((b) => b.type === 'scrum'), ...boards.filter((b) => b.type !== 'scrum')];
}

export async function getBoardConfiguration(http: JiraHttp, boardId: number): Promise<BoardConfiguration> {
  const config = asRecord(await http.get(route`/rest/agile/1.0/board/${boardId}/configuration`));
  const estimation = asRecord(config?.estimation);
  const estimationField = asRecord(estimation?.field);
  return {
    estimationFieldId: stringAt(estimationField, 'fieldId'),
    rankFieldId: asNumber(asRecord(config?.ranking)?.rankCustomFieldId),
  };
}

/** A board's sprints (by default in every state); none for a board without sprints (a team-managed board with sprints turned off answers 400). */
export async function listSprints(http: JiraHttp, boardId: number, states: 'active,future,closed' | 'active,future' = 'active,future,closed'): Promise<JiraSprint[]> {
  let values: unknown[];
  try {
    values = await readAllAgilePages(
      http,
      (startAt) =>
        route`/rest/agile/1.0/board/${boardId}/sprint?state=${states}&startAt=${startAt}&maxResults=${AGILE_PAGE}`,
    );
  } catch (error) {
    // Jira answers 400 "The board does not support sprints" (the only 400 this read can get).
    if (error instanceof JiraValidationError) return [];
    throw error;
  }
  return values.flatMap((raw) => {
    const sprint = asRecord(raw);
    const id = asNumber(sprint?.id);
    const state = asString(sprint?.state)?.toLowerCase();
    if (!sprint || id === null || (state !== 'active' && state !== 'future' && state !== 'closed')) return [];
    return [
      {
        id,
        name: asString(sprint.name) ?? `Sprint ${id}`,
        state,
        startDate: asString(sprint.startDate),
        endDate: asString(sprint.endDate),
        completeDate: asString(sprint.completeDate),
        originBoardId: asNumber(sprint.originBoardId),
      },
    ];
  });
}
