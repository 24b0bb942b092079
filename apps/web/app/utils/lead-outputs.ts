import type { AppRouter } from '@switchboard/api';
import type { inferRouterOutputs } from '@trpc/server';

type LeadOutputs = inferRouterOutputs<AppRouter>['leads'];

/** What the lead pages get from the API, so a page shows only what a procedure returns. */
export type LeadTablePage = LeadOutputs['list'];
export type LeadTableRow = LeadTablePage['leads'][number];
export type LeadCount = LeadTablePage['total'];
export type ReviewQueuePage = LeadOutputs['reviewQueue'];
export type ReviewLead = ReviewQueuePage['leads'][number];
export type LeadDetail = LeadOutputs['get'];
