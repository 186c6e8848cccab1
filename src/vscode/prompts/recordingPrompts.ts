import type * as vscode from 'vscode';
import type { InputQuestion, ModalQuestion, Notice, PickQuestion, PromptLevel, UserPrompts } from './userPrompts';

/** One prompt as the recording keeps it. */
export interface PromptRecord {
  /** notice, modal, pick, input, or link (opened outside the editor). */
  kind: 'notice' | 'modal' | 'pick' | 'input' | 'link';
  /** What it is about, e.g. `approval` or `ci.transition`. */
  topic: string;
  /** How loud a notice was. */
  level?: PromptLevel;
  /** The notice's or modal's text, the pick's or input's title, the link. */
  text: string;
  /** The buttons of a notice or modal, the labels of a pick's items. */
  options: string[];
  /** What the prompt is about, as data. */
  subject?: unknown;
}

/**
 * Answers a prompt instead of the user: a button or item label, or the text typed; true is
 * the first button (a link: opened); false or undefined is Escape (a link: not opened).
 */
export type PromptAnswerer = (prompt: PromptRecord) => string | boolean | undefined;

/** How many prompts the recording keeps; older ones are dropped. */
const kept = 2000;

/**
 * UserPrompts that records every prompt before the editor shows it and, for topics given an
 * answerer, answers instead of showing it. The test API is built on it (tests cannot click);
 * without answerers the user sees exactly what EditorPrompts shows.
 */
export class RecordingPrompts implements UserPrompts {
  private readonly records: PromptRecord[] = [];
  private readonly answerers = new Map<string, PromptAnswerer>();

  constructor(private readonly shown: UserPrompts) {}

  /** Prompts since activation, oldest first. */
  get log(): readonly PromptRecord[] {
    return this.records;
  }

  /** Answers the prompts of a topic and of its subtopics (`approval` takes `approval.review`; '' takes every prompt); undefined shows them again. */
  answer(topic: string, answerer: PromptAnswerer | undefined): void {
    if (answerer) this.answerers.set(topic, answerer);
    else this.answerers.delete(topic);
  }

  async notify(notice: Notice): Promise<string | undefined> {
    const buttons = notice.buttons ?? [];
    const answerer = this.record({ kind: 'notice', topic: notice.topic, level: notice.level, text: notice.text, options: [...buttons], subject: notice.subject });
    if (!answerer) return this.shown.notify(notice);
    return label(answerer.answer(answerer.record), buttons);
  }

  async modal(question: ModalQuestion): Promise<string | undefined> {
    const answerer = this.record({ kind: 'modal', topic: question.topic, level: 'warning', text: question.text, options: [...question.buttons], subject: question.subject });
    if (!answerer) return this.shown.modal(question);
    return label(answerer.answer(answerer.record), question.buttons);
  }

  async pick<T>(question: PickQuestion<T>): Promise<T | undefined> {
    const answerer = this.record(pickRecord(question));
    if (!answerer) return this.shown.pick(question);
    const picked = label(answerer.answer(answerer.record), question.items.map((item) => item.label));
    return question.items.find((item) => item.label === picked)?.value;
  }

  async pickMany<T>(question: PickQuestion<T>): Promise<T[] | undefined> {
    const answerer = this.record(pickRecord(question));
    if (!answerer) return this.shown.pickMany(question);
    const answer = answerer.answer(answerer.record);
    if (answer === undefined || answer === false) return undefined;
    // true takes the items ticked at first, as pressing Enter does; a label takes that one item.
    return question.items.filter((item) => (answer === true ? item.picked === true : item.label === answer)).map((item) => item.value);
  }

  async input(question: InputQuestion): Promise<string | undefined> {
    const answerer = this.record({ kind: 'input', topic: question.topic, text: question.title ?? question.prompt ?? '', options: [], subject: question.subject });
    if (!answerer) return this.shown.input(question);
    const answer = answerer.answer(answerer.record);
    if (typeof answer !== 'string') return answer === true ? (question.value ?? '') : undefined;
    // A typed value the box would refuse is never accepted: the user would still be typing.
    return question.validate?.(answer) === undefined ? answer : undefined;
  }

  async openExternal(uri: vscode.Uri): Promise<boolean> {
    const answerer = this.record({ kind: 'link', topic: 'link', text: uri.toString(true), options: [] });
    if (!answerer) return this.shown.openExternal(uri);
    return answerer.answer(answerer.record) === true;
  }

  private record(record: PromptRecord): { record: PromptRecord; answer: PromptAnswerer } | undefined {
    this.records.push(record);
    if (this.records.length > kept) this.records.splice(0, this.records.length - kept);
    const answer = this.answererOf(record.topic);
    return answer ? { record, answer } : undefined;
  }

  private answererOf(topic: string): PromptAnswerer | undefined {
    for (let at = topic; ; at = at.includes('.') ? at.slice(0, at.lastIndexOf('.')) : '') {
      const answerer = this.answerers.get(at);
      if (answerer || at === '') return answerer;
    }
  }
}

function pickRecord<T>(question: PickQuestion<T>): PromptRecord {
  return { kind: 'pick', topic: question.topic, text: question.title ?? question.placeHolder ?? '', options: question.items.map((item) => item.label), subject: question.subject };
}

/** The button or item an answer names: true is the first, a label itself, anything else none. */
function label(answer: string | boolean | undefined, options: readonly string[]): string | undefined {
  if (answer === true) return options[0];
  return typeof answer === 'string' && options.includes(answer) ? answer : undefined;
}
