import { StringDecoder } from 'node:string_decoder';
import type { ShellChannel, TerminalSize, Workload, WorkloadMember } from '../../../core/engines/engineTypes';
import { interactiveShellCommand } from '../../../core/engines/interactiveShell';
import { loadOnDemand } from '../../../core/loadOnDemand';
import type { KubeClient } from './kubeClient';

// `kubectl exec -it <pod> -- sh` without kubectl: the pod's exec subresource over the
// API's WebSocket channel protocol, through the client library's Exec, with a TTY the API
// server allocates (so the pod's terminal echoes and edits lines). Without a container the
// pod's default one is used, as kubectl does without -c.

/** Opens a shell in a running pod of the workload; rejects when the API server refuses the stream. */
export async function openPodShell(client: KubeClient, workload: Workload, member: WorkloadMember, size: TerminalSize, container?: string): Promise<ShellChannel> {
  const library = await loadOnDemand('Kubernetes', () => import('./kubernetesLibrary.lazy.js'));
  const decoder = new StringDecoder('utf8');
  const listeners: ((data: string) => void)[] = [];
  const pending: string[] = [];
  let finish: (end: { code?: number }) => void = () => undefined;
  const ended = new Promise<{ code?: number }>((resolve) => (finish = resolve));
  const exec = await library.execInPod(
    client.session.kubeConfig,
    { namespace: workload.group?.name ?? 'default', pod: member.name, ...(container ? { container } : {}), command: interactiveShellCommand, columns: size.columns, rows: size.rows },
    (chunk) => {
      const text = decoder.write(chunk);
      if (!text) return;
      if (listeners.length === 0) pending.push(text);
      for (const listener of listeners) listener(text);
    },
    (code) => finish(code === undefined ? {} : { code }),
  );
  return {
    write: (data) => void exec.input.write(data),
    resize: (next) => Promise.resolve(exec.resize(next.columns, next.rows)),
    onData: (listener) => {
      listeners.push(listener);
      for (const text of pending.splice(0)) listener(text);
    },
    ended,
    close: () => exec.close(),
  };
}
