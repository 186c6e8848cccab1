import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import type { ChannelConnection } from './fakeChannelSocket';

// The exec subresource of the fake API server: the pod's process is a real /bin/sh on this
// machine (the fake has no containers), wired to the channels as the kubelet wires a
// container's: 0 stdin, 1 stdout, 2 stderr, 3 the final v1 Status (Success, or Failure
// with reason NonZeroExitCode and the code in details.causes), 4 terminal resizes as JSON.
// Shapes after kubernetes.io/docs/reference/using-api/websockets/ and the Status type of
// the API reference (kubernetes.io/docs/reference/kubernetes-api/common-definitions/status/).

/** What one exec stream asked for. */
export interface PodExecRecord {
  pod: string;
  command: string[];
  tty: boolean;
  container: string | null;
  /** Each resize message as the client sent it. */
  resizes: unknown[];
}

type Pod = { metadata: { name: string }; status?: Record<string, unknown> } | undefined;

export function runPodExec(connection: ChannelConnection, url: URL, pod: Pod): PodExecRecord {
  const record: PodExecRecord = { pod: pod?.metadata.name ?? '', command: url.searchParams.getAll('command'), tty: url.searchParams.get('tty') === 'true', container: url.searchParams.get('container'), resizes: [] };
  const status = (body: Record<string, unknown>): void => {
    connection.send(3, JSON.stringify({ metadata: {}, ...body }));
    connection.close();
  };
  if (!pod || pod.status?.phase !== 'Running') {
    status({ status: 'Failure', message: `pod ${record.pod} is not running`, reason: 'BadRequest', code: 400 });
    return record;
  }
  const [file, ...args] = record.command;
  const child = spawn(file ?? '/bin/sh', args, { cwd: tmpdir(), env: { PATH: '/usr/bin:/bin', HOME: tmpdir() }, stdio: 'pipe' });
  child.stdout.on('data', (chunk: Buffer) => connection.send(1, chunk));
  child.stderr.on('data', (chunk: Buffer) => connection.send(record.tty ? 1 : 2, chunk));
  child.on('error', (error) => status({ status: 'Failure', message: error.message, reason: 'InternalError', code: 500 }));
  child.on('close', (code) => {
    if (code === 0) status({ status: 'Success' });
    else status({ status: 'Failure', message: `command terminated with non-zero exit code: exit status ${code}`, reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: String(code) }] } });
  });
  connection.onMessage((channel, data) => {
    if (channel === 0 && record.tty) {
      // A TTY's line discipline: Enter arrives as CR and reaches the program as LF, echoed back.
      const text = data.toString('utf8');
      connection.send(1, text.replace(/\r/g, '\r\n'));
      child.stdin.write(text.replace(/\r/g, '\n'));
    } else if (channel === 0) child.stdin.write(data);
    else if (channel === 4) record.resizes.push(JSON.parse(data.toString('utf8')) as unknown);
  });
  connection.onClose(() => child.kill());
  return record;
}
