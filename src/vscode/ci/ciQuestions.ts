import type { TriggerInput } from '../../core/ci/ciTypes';
import type { InputQuestion, PickItem, UserPrompts } from '../prompts/userPrompts';

/** One question the CI commands ask: the subject of its `ci.question` prompt. */
export type CiQuestion =
  /** Which configured CI backend (several in devops.yaml). */
  | { kind: 'provider'; options: string[] }
  /** Branch or tag to run on. */
  | { kind: 'ref'; suggested?: string }
  /** Which workflow, pipeline or job to start. */
  | { kind: 'target'; options: string[] }
  /** A declared input (workflow_dispatch input, Jenkins parameter). */
  | { kind: 'input'; target: string; input: TriggerInput }
  /** A free variable as NAME=value; an empty answer ends the list. */
  | { kind: 'variable'; target: string; given: string[] }
  /** A notice that an engine must be signed in first; the answer is the button clicked. */
  | { kind: 'signIn'; text: string; options: string[] };

/** A button of a notice and what clicking it runs. */
export interface CiAction {
  /** The button's text. */
  label: string;
  /** What the button does (a command). */
  run: () => Thenable<unknown>;
}

/** The questions and notes of the CI commands (trigger's ref, target, inputs, variables). */
export class CiQuestions {
  constructor(private readonly prompts: UserPrompts) {}

  async pickProvider<T>(items: PickItem<T>[]): Promise<T | undefined> {
    return this.pick({ kind: 'provider', options: items.map((item) => item.label) }, items, 'Which CI?');
  }

  async ref(suggested: string | undefined): Promise<string | undefined> {
    const answer = await this.text({ kind: 'ref', ...(suggested ? { suggested } : {}) }, { title: 'Run on which branch or tag?', value: suggested ?? '', ignoreFocusOut: true });
    return answer?.trim();
  }

  async pickTarget<T>(items: PickItem<T>[]): Promise<T | undefined> {
    return this.pick({ kind: 'target', options: items.map((item) => item.label) }, items, 'Start what?');
  }

  /** A declared input's value: a pick for booleans and choices, a box otherwise; '' keeps the default. */
  async input(target: string, input: TriggerInput): Promise<string | undefined> {
    const question: CiQuestion = { kind: 'input', target, input };
    const title = `${target}: ${input.name}${input.required ? '' : ' (optional)'}`;
    const options = input.type === 'boolean' ? ['true', 'false'] : input.type === 'choice' ? input.options : undefined;
    if (options && options.length > 0) {
      const items = options.map((option) => ({ label: option, description: option === input.default ? 'default' : undefined, value: option }));
      return this.pick(question, items, title, input.description);
    }
    return this.text(question, { title, prompt: input.description, value: input.default ?? '', ignoreFocusOut: true });
  }

  /** One NAME=value variable; '' when the user is done, undefined when they gave up. */
  async variable(target: string, given: string[]): Promise<string | undefined> {
    const title = `${target}: variable NAME=value (${given.length > 0 ? `${given.join(', ')} set; ` : ''}empty to start)`;
    return this.text({ kind: 'variable', target, given: [...given] }, { title, ignoreFocusOut: true });
  }

  /** A non-modal note that something worked. */
  info(text: string): void {
    void this.prompts.notify({ topic: 'ci.info', level: 'info', text });
  }

  /**
   * A warning that nothing can happen until an engine is signed in, with a button per
   * engine that runs its sign-in. Resolves after the clicked action finished.
   */
  async signInFirst(text: string, actions: CiAction[]): Promise<void> {
    const labels = actions.map((action) => action.label);
    const subject: CiQuestion = { kind: 'signIn', text, options: labels };
    const clicked = await this.prompts.notify({ topic: 'ci.signIn', level: 'warning', text, buttons: labels, subject });
    await actions.find((action) => action.label === clicked)?.run();
  }

  private async pick<T>(question: CiQuestion, items: PickItem<T>[], title: string, placeHolder?: string): Promise<T | undefined> {
    return this.prompts.pick({ topic: 'ci.question', subject: question, items, title, placeHolder, ignoreFocusOut: true });
  }

  private async text(question: CiQuestion, options: Omit<InputQuestion, 'topic'>): Promise<string | undefined> {
    return this.prompts.input({ ...options, topic: 'ci.question', subject: question });
  }
}
