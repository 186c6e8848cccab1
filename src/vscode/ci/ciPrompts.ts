import * as vscode from 'vscode';
import type { TriggerInput } from '../../core/ci/ciTypes';

/** One question the CI commands asked, as the test API records it. */
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
  /** A token, user or password of a Set … Token/Credentials command (the answer is never recorded). */
  | { kind: 'secret'; title: string }
  /** A notice that an engine must be signed in first; the answer is the button clicked. */
  | { kind: 'signIn'; text: string; options: string[] };

/** Answers a question instead of the input box or picker: the text typed or the label picked; undefined is Escape. */
export type CiAnswerer = (question: CiQuestion) => string | undefined;

/** What a CI command told the user, for the tests. */
export interface CiMessage {
  /** info: it worked; warning: the user must do something first; error: it failed or was refused. */
  level: 'info' | 'warning' | 'error';
  /** The text shown. */
  text: string;
  /** The buttons offered with it, if any. */
  actions?: string[];
}

/** A button of a notice and what clicking it runs. */
export interface CiAction {
  /** The button's text. */
  label: string;
  /** What the button does (a command). */
  run: () => Thenable<unknown>;
}

interface PickItem<T> {
  label: string;
  description?: string;
  value: T;
}

/**
 * The questions of the CI commands (trigger's ref, target, inputs, variables). Every
 * question is recorded, and a test hook answers them: tests cannot type into input boxes.
 */
export class CiPrompts {
  private readonly asked: CiQuestion[] = [];
  private readonly told: CiMessage[] = [];
  private answerer: CiAnswerer | undefined;

  /** Questions asked since activation, oldest first. */
  get log(): readonly CiQuestion[] {
    return this.asked;
  }

  /** Messages shown since activation, oldest first. */
  get messages(): readonly CiMessage[] {
    return this.told;
  }

  /** Test hook: answer with this function instead of showing input boxes (undefined restores them). */
  answerWith(answerer: CiAnswerer | undefined): void {
    this.answerer = answerer;
  }

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
    this.told.push({ level: 'info', text });
    void vscode.window.showInformationMessage(text);
  }

  /**
   * A warning that nothing can happen until an engine is signed in, with a button per
   * engine that runs its sign-in. Resolves after the clicked action finished.
   */
  async signInFirst(text: string, actions: CiAction[]): Promise<void> {
    const labels = actions.map((action) => action.label);
    this.told.push({ level: 'warning', text, actions: labels });
    const question: CiQuestion = { kind: 'signIn', text, options: labels };
    this.asked.push(question);
    const clicked = this.answerer ? this.answerer(question) : await vscode.window.showWarningMessage(text, ...labels);
    await actions.find((action) => action.label === clicked)?.run();
  }

  /** A secret typed into a password box (tokens); the answer is not recorded. */
  async secret(title: string, prompt?: string, password = true): Promise<string | undefined> {
    return this.text({ kind: 'secret', title }, { title, prompt, password, ignoreFocusOut: true });
  }

  /** Records a failure the command runner shows (it shows each error once). */
  failed(text: string): void {
    this.told.push({ level: 'error', text });
  }

  private async pick<T>(question: CiQuestion, items: PickItem<T>[], title: string, placeHolder?: string): Promise<T | undefined> {
    this.asked.push(question);
    if (this.answerer) {
      const answer = this.answerer(question);
      return items.find((item) => item.label === answer)?.value;
    }
    return (await vscode.window.showQuickPick(items, { title, placeHolder, ignoreFocusOut: true }))?.value;
  }

  private async text(question: CiQuestion, options: vscode.InputBoxOptions): Promise<string | undefined> {
    this.asked.push(question);
    if (this.answerer) return this.answerer(question);
    return vscode.window.showInputBox(options);
  }
}
