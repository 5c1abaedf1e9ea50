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
