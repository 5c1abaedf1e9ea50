/** What the signed-in user may do in a project (`/rest/api/3/mypermissions`), and the project itself. */

import type { JiraHttp } from './http';
import { asRecord, asString } from './json';
import { assertProjectKey } from './jql';
import { route } from './route';

export interface ProjectPermissions {
  browse: boolean;
  administer: boolean;
  edit: boolean;
  schedule: boolean;
}

const KEYS = 'BROWSE_PROJECTS,ADMINISTER_PROJECTS,EDIT_ISSUES,SCHEDULE_ISSUES';

export async function getMyPermissions(http: JiraHttp, projectKey: string): Promise<ProjectPermissions> {
  const key = assertProjectKey(projectKey);
  const permissions = asRecord(asRecord(await http.get(route`/rest/api/3/mypermissions?projectKey=${key}&permissions=${KEYS}`))?.permissions);
  const has = (name: string): boolean => asRecord(permissions?.[name])?.havePermission === true;
  return {
    browse: has('BROWSE_PROJECTS'),
    administer: has('ADMINISTER_PROJECTS'),
    edit: has('EDIT_ISSUES'),
    schedule: has('SCHEDULE_ISSUES'),
  };
}

export interface ProjectSummary {
  id: string;
  key: string;
  name: string;
}

/** The project, or a `JiraNotFoundError` when it does not exist or the user may not browse it. */
export async function getProject(http: JiraHttp, projectKey: string): Promise<ProjectSummary> {
  const key = assertProjectKey(projectKey);
  const project = asRecord(await http.get(route`/rest/api/3/project/${key}`));
  return { id: asString(project?.id) ?? '', key: asString(project?.key) ?? key, name: asString(project?.name) ?? key };
}

/** Jira's page size for the project search. */
const PROJECT_PAGE = 50;

/**
 * The software projects the user may browse, in key order, as Jira lists them to that user
 * (`/rest/api/3/project/search` answers only browsable projects), at most `limit`; `truncated` when Jira has more.
 */
export async function listSoftwareProjects(http: JiraHttp, limit: number): Promise<{ projects: ProjectSummary[]; truncated: boolean }> {
  const projects: ProjectSummary[] = [];
  for (let startAt = 0; projects.length < limit; startAt += PROJECT_PAGE) {
    const page = asRecord(await http.get(route`/rest/api/3/project/search?typeKey=software&orderBy=key&startAt=${startAt}&maxResults=${PROJECT_PAGE}`));
    const values = Array.isArray(page?.values) ? page.values : [];
    for (const value of values) {
      const project = asRecord(value);
      const key = asString(project?.key);
      if (key) projects.push({ id: asString(project?.id) ?? '', key, name: asString(project?.name) ?? key });
    }
    if (page?.isLast !== false || values.length === 0) return { projects: projects.slice(0, limit), truncated: projects.length > limit };
  }
  return { projects: projects.slice(0, limit), truncated: true };
}
