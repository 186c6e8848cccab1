import { stripAnsi } from './ansiSpans';

// The section markers each CI product writes into its logs, read line by line:
// GitHub `##[group]`/`##[endgroup]` (and `##[error]` annotations, ISO timestamps),
// GitLab `section_start:<ts>:<name>` / `section_end:<ts>:<name>`, Jenkins
// `[Pipeline] { (Stage)` … `[Pipeline] // stage`.

export type LogFormat = 'github' | 'gitlab' | 'jenkins' | 'plain';

/** What one physical line means. */
export interface MarkedLine {
  /** Text to show (escapes kept for colour parsing); undefined when the line is only a marker. */
  text?: string;
  /** Opens a section. */
  open?: { title: string; name?: string };
  /** Closes the innermost section, or the one named. */
  close?: { name?: string };
  /** Severity of an annotation line (`##[error]`). */
  level?: 'error' | 'warning' | 'notice';
  /** Epoch ms of the line's timestamp prefix (GitHub). */
  time?: number;
}

const githubTimestamp = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z) ?/;
const githubCommand = /^##\[(group|endgroup|error|warning|notice|debug|command|section)\](.*)$/;
// eslint-disable-next-line no-control-regex
const gitlabMarker = /^(?:\x1b\[0K)?section_(start|end):\d+:([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?\r?(?:\x1b\[0K)?(.*)$/;
const jenkinsOpen = /^\[Pipeline\] \{ \((.*)\)$/;
const jenkinsClose = /^\[Pipeline\] \/\/ stage$/;

/** Splits a physical line where a marker starts mid-line (GitLab writes `…\r\x1b[0Ksection_start:…`). */
export function splitMarkers(line: string, format: LogFormat): string[] {
  if (format !== 'gitlab' || !line.includes('section_')) return [line];
  // eslint-disable-next-line no-control-regex
  return line.split(/(?=(?:\x1b\[0K)?section_(?:start|end):\d+:)/).filter((part) => part !== '');
}

export function markLine(line: string, format: LogFormat): MarkedLine {
  if (format === 'github') return markGithub(line);
  if (format === 'gitlab') return markGitlab(line);
  if (format === 'jenkins') return markJenkins(line);
  return { text: overwrite(line) };
}

function markGithub(line: string): MarkedLine {
  let rest = line;
  let time: number | undefined;
  const stamp = githubTimestamp.exec(rest);
  if (stamp) {
    time = Date.parse(stamp[1]);
    rest = rest.slice(stamp[0].length);
  }
  const command = githubCommand.exec(rest);
  if (!command) return { text: overwrite(rest), time };
  const [, name, body] = command;
  if (name === 'group') return { text: body, open: { title: stripAnsi(body).trim() || 'group' }, time };
  if (name === 'endgroup') return { close: {}, time };
  if (name === 'error' || name === 'warning' || name === 'notice') return { text: body, level: name, time };
  return { text: body, time };
}

function markGitlab(line: string): MarkedLine {
  const marker = gitlabMarker.exec(line);
  if (!marker) return { text: overwrite(line) };
  const [, kind, name, rest] = marker;
  if (kind === 'end') return rest.trim() === '' ? { close: { name } } : { close: { name }, text: overwrite(rest) };
  const title = stripAnsi(rest).trim() || name;
  return { open: { title, name }, text: rest === '' ? undefined : overwrite(rest) };
}

function markJenkins(line: string): MarkedLine {
  const open = jenkinsOpen.exec(line);
  if (open) return { text: line, open: { title: open[1] } };
  if (jenkinsClose.test(line)) return { text: line, close: {} };
  return { text: overwrite(line) };
}

// A carriage return inside a line redraws it (progress bars): only the last drawing counts.
function overwrite(line: string): string {
  const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
  const at = trimmed.lastIndexOf('\r');
  return at < 0 ? trimmed : trimmed.slice(at + 1);
}
