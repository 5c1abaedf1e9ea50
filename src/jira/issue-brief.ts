/** One issue's identity (type, parent, status), for the issue panel on issues that are not backlog items. */

import type { StatusCategory } from '../domain/facts';
import type { JiraHttp } from './http';
import { asNumber, asRecord, asString, stringAt } from './json';
import { assertIssueKey } from './jql';
import { readStatusCategory } from './mapping';
import { route } from './route';

export interface IssueBrief {
  key: string;
  summary: string;
  issueType: string;
  /** Epics and features: 1 and up; sub-tasks: -1; standard issue types: 0. */
  hierarchyLevel: number;
  subtask: boolean;
  parentKey: string | null;
  statusCategory: StatusCategory;
}

export async function readIssueBrief(http: JiraHttp, issueKey: string): Promise<IssueBrief> {
  const key = assertIssueKey(issueKey);
  const issue = asRecord(await http.get(route`/rest/api/3/issue/${key}?fields=${'summary,issuetype,parent,status'}`));
  const fields = asRecord(issue?.fields);
  const type = asRecord(fields?.issuetype);
  const subtask = type?.subtask === true;
  return {
    key: asString(issue?.key) ?? key,
    summary: asString(fields?.summary) ?? '',
    issueType: stringAt(type, 'name') ?? '',
    hierarchyLevel: asNumber(type?.hierarchyLevel) ?? (subtask ? -1 : 0),
    subtask,
    parentKey: stringAt(asRecord(fields?.parent), 'key'),
    statusCategory: readStatusCategory(asRecord(fields?.status)),
  };
}
