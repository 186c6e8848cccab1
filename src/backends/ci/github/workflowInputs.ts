import { parseDocument } from 'yaml';
import type { TriggerInput } from '../../../core/ci/ciTypes';
import { checkAliasBudget } from '../../../core/yaml/aliasBudget';

// The inputs a workflow declares under `on.workflow_dispatch.inputs`, read from the
// workflow file. `on` may be a word, a list or a map; only the map form has inputs.
// Returns undefined when the workflow cannot be dispatched at all.

const inputTypes = new Set<TriggerInput['type']>(['string', 'boolean', 'choice', 'number', 'environment']);

export function dispatchInputs(workflowYaml: string): TriggerInput[] | undefined {
  let document: unknown;
  try {
    // Workflows share steps and inputs through anchors (GitHub reads them since 2025):
    // bounded by what they expand to, as devops.yaml and compose files are.
    const parsed = parseDocument(workflowYaml);
    if (parsed.errors.length > 0 || checkAliasBudget(parsed)) return undefined;
    document = parsed.toJS({ maxAliasCount: -1 });
  } catch {
    return undefined;
  }
  if (!isRecord(document)) return undefined;
  // YAML 1.1 readers turn a bare `on` into true; accept both spellings.
  const on = document.on ?? document.true;
  if (on === 'workflow_dispatch') return [];
  if (Array.isArray(on)) return on.includes('workflow_dispatch') ? [] : undefined;
  if (!isRecord(on) || !('workflow_dispatch' in on)) return undefined;
  const dispatch = on.workflow_dispatch;
  const inputs = isRecord(dispatch) && isRecord(dispatch.inputs) ? dispatch.inputs : {};
  return Object.entries(inputs).map(([name, spec]) => toInput(name, isRecord(spec) ? spec : {}));
}

function toInput(name: string, spec: Record<string, unknown>): TriggerInput {
  const declared = typeof spec.type === 'string' ? spec.type : 'string';
  const type = inputTypes.has(declared as TriggerInput['type']) ? (declared as TriggerInput['type']) : 'string';
  const input: TriggerInput = { name, required: spec.required === true, type };
  if (typeof spec.description === 'string') input.description = spec.description;
  const fallback = spec.default;
  if (typeof fallback === 'string' || typeof fallback === 'number' || typeof fallback === 'boolean') input.default = String(fallback);
  if (Array.isArray(spec.options)) input.options = spec.options.map((option) => (typeof option === 'string' ? option : JSON.stringify(option)));
  return input;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
