import type { CiNotification } from '../../../../src/vscode/ci/ciNotifier';
import type { CiQuestion } from '../../../../src/vscode/ci/ciQuestions';
import type { CommandFailure } from '../../../../src/vscode/commands/commandRunner';
import type { ConsentQuestion } from '../../../../src/vscode/http/networkChoices';
import type { PipelineQuestion } from '../../../../src/vscode/pipeline/pipelineQuestions';
import type { PromptRecord } from '../../../../src/vscode/prompts/recordingPrompts';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import type { ApprovalQuestion } from '../../../../src/vscode/trust/approvalQuestions';

// What the suites read of the one UserPrompts recording (api.prompts), by topic, and how
// they answer in place of a user who would click: typed views of the same records.

/** The subjects of the prompts of exactly `topic`, oldest first. */
export function subjects<T>(api: DevopsTestApi, ...topics: string[]): T[] {
  return api.prompts.log.filter((record) => topics.includes(record.topic)).map((record) => record.subject as T);
}

/** What would wait for the user: modals, picks, input boxes, and notices with buttons. */
export function questions(api: DevopsTestApi): PromptRecord[] {
  return api.prompts.log.filter((record) => record.kind !== 'link' && (record.kind !== 'notice' || record.options.length > 0));
}

/** How many notices of `topic` were shown. */
export function noticeCount(api: DevopsTestApi, topic: string): number {
  return api.prompts.log.filter((record) => record.kind === 'notice' && record.topic === topic).length;
}

/** Failures the command runner showed, oldest first: which command, the error's reason, the text. */
export function failures(api: DevopsTestApi): (CommandFailure & { text: string })[] {
  return api.prompts.log.filter((record) => record.topic === 'command.failed').map((record) => ({ ...(record.subject as CommandFailure), text: record.text }));
}

/** Links handed to the browser (or to the answerer of `link`), oldest first. */
export function linksOpened(api: DevopsTestApi): string[] {
  return api.prompts.log.filter((record) => record.kind === 'link').map((record) => record.text);
}

/** Approval questions (stages, deploys, actions, health checks, log commands). */
export function approvals(api: DevopsTestApi): ApprovalQuestion[] {
  return subjects(api, 'approval');
}

/** Answers every approval question (the note and its modal alike); undefined shows them again. */
export function answerApprovals(api: DevopsTestApi, approve: (() => boolean) | undefined): void {
  api.prompts.answer('approval', approve && (() => approve()));
}

/** The pipeline's modals: protected deploys (also of a CI trigger) and the release preview. */
export function deployPrompts(api: DevopsTestApi): PipelineQuestion[] {
  return subjects(api, 'pipeline.confirmDeploy', 'pipeline.confirmRelease');
}

/** Answers the pipeline's modals; undefined shows them again. */
export function answerDeploys(api: DevopsTestApi, answer: ((prompt: PipelineQuestion) => boolean) | undefined): void {
  for (const topic of ['pipeline.confirmDeploy', 'pipeline.confirmRelease']) api.prompts.answer(topic, answer && ((record) => answer(record.subject as PipelineQuestion)));
}

/** A question of the CI commands, or the token asked by a sign-in. */
export type CiQuestionOrSecret = CiQuestion | { kind: 'secret'; title: string };

const ciTopics = ['ci.question', 'ci.signIn', 'credentials.secret'];

function ciQuestionOf(record: PromptRecord): CiQuestionOrSecret {
  return record.topic === 'credentials.secret' ? { kind: 'secret', title: (record.subject as { title: string }).title } : (record.subject as CiQuestion);
}

/** What the CI commands asked (trigger's ref, target, inputs, variables, the sign-in notice, tokens). */
export function ciQuestions(api: DevopsTestApi): CiQuestionOrSecret[] {
  return api.prompts.log.filter((record) => ciTopics.includes(record.topic)).map(ciQuestionOf);
}

/** Answers the CI commands' questions: the text typed or the label picked; undefined is Escape. */
export function answerCi(api: DevopsTestApi, answer: ((question: CiQuestionOrSecret) => string | undefined) | undefined): void {
  for (const topic of ciTopics) api.prompts.answer(topic, answer && ((record) => answer(ciQuestionOf(record))));
}

/** What the CI commands told the user: started, rerunning, sign in first, failed or refused. */
export function ciMessages(api: DevopsTestApi): { level: string; text: string; actions?: string[] }[] {
  return api.prompts.log
    .filter((record) => record.topic === 'ci.info' || record.topic === 'ci.signIn' || (record.topic === 'command.failed' && (record.subject as CommandFailure).command.startsWith('devops.ci.')))
    .map((record) => ({ level: record.level ?? 'info', text: record.text, ...(record.options.length > 0 ? { actions: record.options } : {}) }));
}

/** CI transition notifications (failed, recovered, waiting) with their text. */
export function ciNotifications(api: DevopsTestApi): (CiNotification & { message: string })[] {
  return api.prompts.log.filter((record) => record.topic === 'ci.transition').map((record) => ({ ...(record.subject as CiNotification), message: record.text }));
}

/** The "allow devops.yaml's proxy / CA file?" notices. */
export function consentQuestions(api: DevopsTestApi): ConsentQuestion[] {
  return subjects(api, 'network.consent');
}

/** Answers those notices (true: allow); undefined shows them again. */
export function answerConsent(api: DevopsTestApi, allow: (() => boolean) | undefined): void {
  api.prompts.answer('network.consent', allow && (() => allow()));
}
