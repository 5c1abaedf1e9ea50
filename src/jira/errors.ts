/**
 * Typed failures of the Jira layer. Each carries Jira's own words (`errorMessages`, `errors`) and a message
 * a Product Owner can act on; callers switch on the class, never on message text.
 */

import { ref, type MessageRef } from '../domain/errors';

export interface JiraErrorDetails {
  status: number | null;
  /** The message by catalog key (the UI's language); Jira's own words, when it gave some, are a param. */
  i18n?: MessageRef;
  method?: string;
  path?: string;
  errorMessages?: string[];
  errors?: Record<string, string>;
  cause?: unknown;
}

export class JiraError extends Error {
  readonly status: number | null;
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly errorMessages: string[];
  readonly errors: Record<string, string>;
  readonly i18n: MessageRef | undefined;

  constructor(message: string, details: JiraErrorDetails = { status: null }) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.status = details.status;
    this.method = details.method;
    this.path = details.path;
    this.errorMessages = details.errorMessages ?? [];
    this.errors = details.errors ?? {};
    this.i18n = details.i18n;
  }

  /** Jira's own explanation, joined: what a PO would see in Jira itself. */
  get jiraText(): string {
    return [...this.errorMessages, ...Object.entries(this.errors).map(([field, text]) => `${field}: ${text}`)].join('; ');
  }
}

/** 400: Jira rejected the request (bad JQL, a field it will not accept, too many issues in one call). */
export class JiraValidationError extends JiraError {}
/** 401: the credentials are missing or wrong. */
export class JiraAuthenticationError extends JiraError {}
/** 403: the user may not do this in Jira. */
export class JiraPermissionError extends JiraError {}
/** 404: the issue, board or sprint does not exist or the user may not see it (Jira does not tell which). */
export class JiraNotFoundError extends JiraError {}
/** 409: Jira refused because of the resource's current state. */
export class JiraConflictError extends JiraError {}
/** 410: the endpoint is retired (e.g. the old `/rest/api/3/search`). */
export class JiraGoneError extends JiraError {}
/** 429 after every allowed retry. */
export class JiraRateLimitError extends JiraError {}
/** 5xx (after retries where they apply). */
export class JiraServerError extends JiraError {}
/** The request never got an HTTP answer (network, DNS, TLS). */
export class JiraNetworkError extends JiraError {}
/** Jira answered 2xx with a body this client cannot read. */
export class JiraUnexpectedResponseError extends JiraError {}

/** A paged read broke after some pages: the data is incomplete and must not be used as the whole backlog. */
export class JiraPartialDataError extends JiraError {
  readonly loaded: number;
  constructor(loaded: number, cause: JiraError) {
    super(
      `Jira stopped answering after ${loaded} issues were loaded, so the backlog is incomplete and was not used. ` +
        `Try again. (${cause.message})`,
      {
        status: cause.status,
        method: cause.method,
        path: cause.path,
        errorMessages: cause.errorMessages,
        errors: cause.errors,
        cause,
        i18n: ref('jira.error.partial', { loaded, cause: cause.i18n ?? cause.message }),
      },
    );
    this.loaded = loaded;
  }
}

/** No story points field could be found by name, on the board, or in Settings. */
export class StoryPointsFieldNotFoundError extends JiraError {
  constructor(detail = '', detailRef?: MessageRef) {
    super(`Story points field not found: map it in Settings.${detail ? ` ${detail}` : ''}`, {
      status: null,
      i18n: detailRef ? ref('jira.error.storyPointsNotFound.detail', { detail: detailRef }) : ref('jira.error.storyPointsNotFound'),
    });
  }
}

/** The board estimates in time (seconds), which must never be read as points: the PO maps a story-points field. */
export class EstimatesInTimeError extends JiraError {
  constructor(fieldName: string) {
    super(`This board estimates in time (${fieldName}), which is not story points: map a story-points field in Settings.`, {
      status: null,
      i18n: ref('jira.error.estimatesInTime', { field: fieldName }),
    });
  }
}

/** A field mapped in Settings no longer exists in Jira. */
export class MappedFieldMissingError extends JiraError {
  constructor(role: string, fieldIdOrName: string, roleRef?: MessageRef) {
    super(`The ${role} field mapped in Settings ("${fieldIdOrName}") does not exist in Jira: fix the mapping in Settings.`, {
      status: null,
      i18n: ref('jira.error.mappedFieldMissing', { role: roleRef ?? role, field: fieldIdOrName }),
    });
  }
}

/** A value that would have changed a request's path or query was refused before sending. */
export class UnsafeRouteError extends JiraError {}

/** A project key, issue key or id failed validation; it never reaches a path or JQL. */
export class InvalidJiraKeyError extends JiraError {
  constructor(message: string, i18n: MessageRef) {
    super(message, { status: null, i18n });
  }
}

/** A write was refused before any request because its input breaks a rule (e.g. split points do not sum). */
export class InvalidWriteError extends JiraError {
  constructor(message: string, i18n: MessageRef) {
    super(message, { status: null, i18n });
  }
}
