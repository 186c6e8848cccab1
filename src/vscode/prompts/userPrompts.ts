import * as vscode from 'vscode';

// Every question and notice the product shows goes through UserPrompts: modals, quick
// picks, input boxes, notifications and links opened outside the editor. EditorPrompts
// shows them with vscode.window; the test API wraps it in a recording that can answer
// (tests cannot click), so no feature keeps answer hooks or counters of its own.

/** How loud a notice is. */
export type PromptLevel = 'info' | 'warning' | 'error';

interface PromptBase {
  /** What it is about, `<feature>.<what>` (`approval`, `ci.transition`…): a recording and its answers go by it. */
  topic: string;
  /** The same as data (an approval's commands, a run…): never shown, kept with the recording. */
  subject?: unknown;
}

/** A notification; it resolves with the button clicked, undefined when closed. */
export interface Notice extends PromptBase {
  level: PromptLevel;
  text: string;
  /** Buttons, in order. */
  buttons?: readonly string[];
}

/** A modal dialog; it resolves with the button clicked, undefined for Cancel. */
export interface ModalQuestion extends PromptBase {
  text: string;
  /** More lines under the text. */
  detail?: string;
  /** Buttons besides Cancel, in order. */
  buttons: readonly string[];
}

/** One entry of a quick pick. */
export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  /** Ticked at first (a pick of many). */
  picked?: boolean;
  /** What picking it gives back. */
  value: T;
}

/** A quick pick; it resolves with the value of the item picked, undefined for Escape. */
export interface PickQuestion<T> extends PromptBase {
  items: readonly PickItem<T>[];
  title?: string;
  placeHolder?: string;
  matchOnDescription?: boolean;
  /** Stays open when the focus moves elsewhere (long questions the user may look things up for). */
  ignoreFocusOut?: boolean;
}

/** An input box; it resolves with the text typed, undefined for Escape. */
export interface InputQuestion extends PromptBase {
  title?: string;
  prompt?: string;
  /** The text it starts with. */
  value?: string;
  /** Hides what is typed (tokens). */
  password?: boolean;
  /** Why a value cannot be taken, undefined when it can. */
  validate?: (value: string) => string | undefined;
  ignoreFocusOut?: boolean;
}

/** The one way the product asks or tells the user something. */
export interface UserPrompts {
  notify(notice: Notice): Promise<string | undefined>;
  modal(question: ModalQuestion): Promise<string | undefined>;
  pick<T>(question: PickQuestion<T>): Promise<T | undefined>;
  /** A pick of several; resolves with the values picked, undefined for Escape. */
  pickMany<T>(question: PickQuestion<T>): Promise<T[] | undefined>;
  input(question: InputQuestion): Promise<string | undefined>;
  /** Hands a link to the system (browser); resolves with whether it was opened. */
  openExternal(uri: vscode.Uri): Promise<boolean>;
}

const show = { info: vscode.window.showInformationMessage, warning: vscode.window.showWarningMessage, error: vscode.window.showErrorMessage };

/** UserPrompts of the editor itself. */
export class EditorPrompts implements UserPrompts {
  async notify(notice: Notice): Promise<string | undefined> {
    return show[notice.level](notice.text, ...(notice.buttons ?? []));
  }

  async modal(question: ModalQuestion): Promise<string | undefined> {
    return vscode.window.showWarningMessage(question.text, { modal: true, detail: question.detail }, ...question.buttons);
  }

  async pick<T>(question: PickQuestion<T>): Promise<T | undefined> {
    return (await vscode.window.showQuickPick(question.items, pickOptions(question)))?.value;
  }

  async pickMany<T>(question: PickQuestion<T>): Promise<T[] | undefined> {
    return (await vscode.window.showQuickPick(question.items, { ...pickOptions(question), canPickMany: true }))?.map((item) => item.value);
  }

  async input(question: InputQuestion): Promise<string | undefined> {
    const { title, prompt, value, password, validate, ignoreFocusOut } = question;
    return vscode.window.showInputBox({ title, prompt, value, password, ignoreFocusOut, validateInput: validate });
  }

  async openExternal(uri: vscode.Uri): Promise<boolean> {
    return vscode.env.openExternal(uri);
  }
}

function pickOptions<T>(question: PickQuestion<T>): vscode.QuickPickOptions {
  const { title, placeHolder, matchOnDescription, ignoreFocusOut } = question;
  return { title, placeHolder, matchOnDescription, ignoreFocusOut };
}
