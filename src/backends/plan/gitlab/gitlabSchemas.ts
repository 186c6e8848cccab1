import * as z from 'zod';

// The parts of GitLab REST v4 payloads the plan provider reads, checked where they enter.
// Shapes from docs.gitlab.com/api/issues, /api/iterations and /api/milestones.

const date = z.string().nullable().optional();

export const gitlabIterationSchema = z.object({
  id: z.number().int(),
  iid: z.number().int().optional(),
  title: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  state: z.number().int().optional(),
  start_date: date,
  due_date: date,
  web_url: z.string().optional(),
});

export const gitlabMilestoneSchema = z.object({
  id: z.number().int(),
  iid: z.number().int().optional(),
  title: z.string(),
  description: z.string().nullable().optional(),
  state: z.string().optional(),
  start_date: date,
  due_date: date,
  web_url: z.string().optional(),
});

const userSchema = z.object({ id: z.number().int(), username: z.string(), name: z.string().optional() });

export const gitlabIssueSchema = z.object({
  id: z.number().int(),
  iid: z.number().int(),
  title: z.string(),
  description: z.string().nullable().optional(),
  state: z.enum(['opened', 'closed', 'locked']),
  labels: z.array(z.string()).default([]),
  assignees: z.array(userSchema).nullable().optional(),
  assignee: userSchema.nullable().optional(),
  weight: z.number().nullable().optional(),
  web_url: z.string().optional(),
});

export const gitlabUserSchema = userSchema;

export type GitlabIteration = z.output<typeof gitlabIterationSchema>;
export type GitlabMilestone = z.output<typeof gitlabMilestoneSchema>;
export type GitlabIssue = z.output<typeof gitlabIssueSchema>;
export type GitlabUser = z.output<typeof gitlabUserSchema>;
