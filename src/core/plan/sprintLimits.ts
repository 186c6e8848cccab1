// Apart from the sprint parser, so the readers of the file (loaded at activation) can
// bound their read without pulling the YAML parser in.

// A long-running team's sprint of 5,000 items is about 650 KB; 10 MB is not a sprint.
export const maxSprintFileBytes = 2 * 1024 * 1024;
