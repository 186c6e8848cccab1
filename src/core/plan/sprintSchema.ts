import * as z from 'zod';

// The sprint file of the `file` plan provider (default `sprint.yaml` beside devops.yaml).

const dateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2026-11-27');

export const sprintItemSchema = z
  .object({
    id: z.string().min(1).describe('Stable id, e.g. DL-101.'),
    title: z.string().min(1),
    status: z.string().min(1).describe('One of the statuses declared in devops.yaml plan.statuses.'),
    assignee: z.string().optional(),
    points: z.number().nonnegative().optional(),
    labels: z.array(z.string()).default([]),
    description: z.string().optional(),
    url: z.string().optional(),
  })
  .strict();

export const sprintFileSchema = z
  .object({
    sprint: z.object({ name: z.string().min(1), start: dateString, end: dateString, goal: z.string().optional() }).strict(),
    items: z.array(sprintItemSchema).default([]),
  })
  .strict();

export type SprintItem = z.output<typeof sprintItemSchema>;
export type SprintFile = z.output<typeof sprintFileSchema>;
