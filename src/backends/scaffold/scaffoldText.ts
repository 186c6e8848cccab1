// The scaffold as devops.yaml text: the data through the yaml Document API (so every value
// is quoted as YAML needs), comments saying where it came from, commented entries for what
// only the user can fill in, and hints for the sections the repository gave nothing for.
import { Document, isMap, isScalar, isSeq, visit } from 'yaml';
import type { CiDraft } from './ciEntries';
import type { StarterStage } from './packageScripts';

/** Everything a scaffold writes. */
export interface ScaffoldContent {
  name?: string;
  /** Files it was written from, for the header. */
  sources: string[];
  services: Record<string, Record<string, unknown>>;
  stages: Record<string, StarterStage>;
  environments: string[];
  ci: CiDraft[];
}

export function renderScaffold(content: ScaffoldContent): string {
  const active = content.ci.filter((d) => d.toFill === undefined).map((d) => d.entry);
  const commented = content.ci.filter((d) => d.toFill !== undefined);
  const hasStages = Object.keys(content.stages).length > 0;
  const config: Record<string, unknown> = { version: 1 };
  if (content.name) config.name = content.name;
  if (Object.keys(content.services).length > 0) config.services = content.services;
  if (hasStages || active.length > 0) config.pipeline = { ...(hasStages ? { stages: content.stages } : {}), ...(active.length > 0 ? { ci: active } : {}) };
  if (content.environments.length > 0) {
    config.environments = Object.fromEntries(content.environments.map((env) => [env, env === 'production' ? { protected: true } : {}]));
  }
  const doc = new Document(config);
  doc.commentBefore = header(content.sources);
  let unplaced: string[] = [];
  if (commented.length > 0) {
    const pipeline = doc.get('pipeline', true);
    const ci = isMap(pipeline) ? pipeline.get('ci', true) : undefined;
    const block = commented.flatMap(commentedEntry);
    if (isSeq(ci)) ci.comment = block.join('\n');
    else if (isMap(pipeline)) pipeline.comment = [' ci:', ...block.map((line) => `  ${line}`)].join('\n');
    else unplaced = block;
  }
  doc.comment = hints(content, hasStages, unplaced).join('\n');
  // `needs: [build, test]` reads like CI files do; one item per line is noise for short names.
  visit(doc, {
    Seq(_key, seq) {
      if (seq.items.every((item) => isScalar(item))) seq.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

function header(sources: readonly string[]): string {
  const from = sources.length === 0 ? 'nothing yet: no build file, compose file, manifest or CI file was found' : `${describeSources(sources)}; edit freely`;
  return [' devops.yaml: the DevOps loop of this repository, read by the DevOps Loop extension', ' and by `devops-loop check`. Written from ' + from + '.'].join('\n');
}

function describeSources(sources: readonly string[]): string {
  if (sources.length <= 6) return sources.join(', ');
  return `${sources.slice(0, 5).join(', ')} and ${sources.length - 5} more files`;
}

/** Comment lines (each starting with a space) of an entry to fill in, at the indentation of `ci:` items. */
function commentedEntry(draft: CiDraft): string[] {
  const lines = [` ${draft.entry.provider}: fill in ${draft.toFill ?? ''}, then uncomment:`];
  Object.entries(draft.entry).forEach(([key, value], i) => lines.push(` ${i === 0 ? '- ' : '  '}${key}: ${value}`));
  return lines;
}

/** The trailing comment: examples of the sections the repository gave nothing for, CI entries to fill in among them. */
function hints(content: ScaffoldContent, hasStages: boolean, ciToFill: readonly string[]): string[] {
  const lines = [' More you can add:'];
  if (Object.keys(content.services).length === 0) {
    lines.push(' services:', '   api:', '     url: http://127.0.0.1:8080', '     health: { http: http://127.0.0.1:8080/healthz }');
  }
  if (!hasStages || ciToFill.length > 0) lines.push(' pipeline:');
  if (!hasStages) lines.push('   stages:', '     build: { run: npm run build }', '     test: { run: npm test, needs: [build], reports: [reports/junit.xml] }');
  if (ciToFill.length > 0) lines.push('   ci:', ...ciToFill.map((line) => `    ${line}`));
  lines.push(' plan:', '   provider: file        # or github, gitlab, jira', '   file: sprint.yaml', ' monitor:', '   charts:', '     - { title: CPU, metric: cpu }');
  return lines;
}
