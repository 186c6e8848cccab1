import * as z from 'zod';

// The parts of GitHub REST payloads the plan provider reads, checked where they enter.
// Shapes from docs.github.com/rest/issues/milestones and /rest/issues/issues.

export const githubMilestoneSchema = z.object({
  number: z.number().int(),
  title: z.string(),
  description: z.string().nullable().optional(),
  state: z.enum(['open', 'closed']),
  due_on: z.string().nullable().optional(),
  html_url: z.string().optional(),
});

const labelSchema = z.union([z.string(), z.object({ name: z.string() })]).transform((l) => (typeof l === 'string' ? l : l.name));
const userSchema = z.object({ login: z.string() });

export const githubIssueSchema = z.object({
  number: z.number().int(),
  title: z.string(),
  state: z.enum(['open', 'closed']),
  labels: z.array(labelSchema).default([]),
  assignee: userSchema.nullable().optional(),
  assignees: z.array(userSchema).nullable().optional(),
  body: z.string().nullable().optional(),
  html_url: z.string().optional(),
  pull_request: z.unknown().optional(),
});

export const githubUserSchema = userSchema;

export type GithubMilestone = z.output<typeof githubMilestoneSchema>;
export type GithubIssue = z.output<typeof githubIssueSchema>;
