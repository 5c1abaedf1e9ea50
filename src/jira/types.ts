/** Jira JSON shapes this layer reads, and the app-level results it returns. */

import type { StatusCategory } from '../domain/facts';

/** An issue as the search and issue endpoints return it; fields are read defensively (see mapping.ts). */
export interface JiraIssueJson {
  id?: string;
  key: string;
  fields?: Record<string, unknown>;
}

/** The custom-field ids this app reads and writes, resolved by `resolveFieldMap`. */
export interface FieldMap {
  storyPoints: string;
  sprint: string | null;
  businessValue: string | null;
  timeCriticality: string | null;
  riskReduction: string | null;
  jobSize: string | null;
  acceptanceCriteria: string | null;
}

export interface JiraBoard {
  id: number;
  name: string;
  type: string;
}

export interface BoardConfiguration {
  /** The field the board estimates with (when it estimates with a field). */
  estimationFieldId: string | null;
  /** Jira's rank custom field id as the rank endpoint wants it (a number). */
  rankFieldId: number | null;
}

export interface JiraSprint {
  id: number;
  name: string;
  state: 'active' | 'future' | 'closed';
  startDate: string | null;
  endDate: string | null;
  completeDate: string | null;
  originBoardId: number | null;
}

/** Points completed in a closed sprint (computed: Jira has no public velocity API). */
export interface ClosedSprintPoints {
  sprintId: number;
  name: string;
  completeDate: string | null;
  completedPoints: number;
  completedIssues: number;
  /**
   * Of those, what arrived unplanned: created after the sprint started (docs/domain.md "Unplanned buffer").
   * Absent in snapshots stored before it was counted.
   */
  unplannedPoints?: number;
  unplannedIssues?: number;
}

/** A parent issue (feature or epic) with its PI commitments (fix version names and labels). */
export interface FeatureFacts {
  key: string;
  projectKey: string;
  summary: string;
  issueType: string;
  statusCategory: StatusCategory;
  commitments: string[];
}
