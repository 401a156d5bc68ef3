/**
 * The dashboard's questions to the application read model (persistence/port.ts): filtered, sorted,
 * keyset-paginated case lists and counts per service × stage × SLA state, answered by the stores'
 * indexed queries (queryApplications / countApplications). One seam so the routes and the metrics
 * ask the same way.
 */
import type { ApplicationRecord, ApplicationStore, CaseCount, CaseFilter, CaseListQuery } from '../persistence/port';

export interface CaseQueries {
  list(q: CaseListQuery): Promise<{ items: ApplicationRecord[]; nextCursor: string | null }>;
  count(f: CaseFilter): Promise<CaseCount[]>;
}

export function caseQueries(store: ApplicationStore): CaseQueries {
  return { list: (q) => store.queryApplications(q), count: (f) => store.countApplications(f) };
}
