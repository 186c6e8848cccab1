import { StringDecoder } from 'node:string_decoder';
import type { ShellChannel, TerminalSize } from '../../../core/engines/engineTypes';
import { interactiveShellCommand } from '../../../core/engines/interactiveShell';
import { DevopsError } from '../../../core/errors';
import { timeoutSignal } from '../../../core/safeTimers';
import type { DockerClient } from './dockerClient';
import { isGone } from './dockerErrors';
import { execCreatedSchema, execInspectSchema } from './dockerSchemas';

// `docker exec -it <container> sh` through the Engine API itself: an exec instance with a
// TTY, started on a connection the engine upgrades to a raw two-way stream. The engine
// allocates the terminal, so line editing, Ctrl+C and full-screen programs behave as in
// `docker exec -it`, no docker CLI has to be installed (or match the engine's version), and
// the request passes the same network gate as every other engine call (refused in
// Restricted Mode). With a TTY the engine sends the output unframed (no 8-byte headers).


/** Opens a shell in a running container; rejects with DevopsError when the engine refuses (container stopped, no /bin/sh). */
export async function openContainerShell(client: DockerClient, containerId: string, size: TerminalSize, signal: AbortSignal): Promise<ShellChannel> {
  const created = await client.getJson(
    {
      method: 'POST',
      path: `/containers/${encodeURIComponent(containerId)}/exec`,
      body: { AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: true, Cmd: interactiveShellCommand, Env: ['TERM=xterm-256color'], ConsoleSize: [size.rows, size.columns] },
      signal,
    },
    execCreatedSchema,
  );
  const execPath = `/exec/${encodeURIComponent(created.Id)}`;
  const closed = new AbortController();
  const socket = await client.transport.upgrade({ method: 'POST', path: `/v${await client.apiVersion(signal)}${execPath}/start`, body: { Detach: false, Tty: true }, signal: AbortSignal.any([signal, closed.signal]) });
  const decoder = new StringDecoder('utf8');
  const listeners: ((data: string) => void)[] = [];
  const pending: string[] = [];
  socket.on('data', (chunk: Buffer) => {
    const text = decoder.write(chunk);
    if (!text) return;
    if (listeners.length === 0) pending.push(text);
    for (const listener of listeners) listener(text);
  });
  const ended = new Promise<{ code?: number }>((resolve) => {
    socket.once('close', () => {
      // The exit code is the exec instance's; a container that went away has none to give.
      client
        .getJson({ path: `${execPath}/json`, signal: timeoutSignal(5_000) }, execInspectSchema)
        .then((inspect) => resolve(inspect.ExitCode == null ? {} : { code: inspect.ExitCode }))
        .catch(() => resolve({}));
    });
    socket.on('error', () => undefined);
  });
  return {
    write: (data) => void socket.write(data),
    resize: async (next) => {
      await client.send({ method: 'POST', path: `${execPath}/resize`, query: { h: next.rows, w: next.columns }, signal: timeoutSignal(5_000) }).catch((error: unknown) => {
        // A resize racing the shell's end is harmless; anything else is the engine's problem to report.
        if (!isGone(error)) throw error;
      });
    },
    onData: (listener) => {
      listeners.push(listener);
      for (const text of pending.splice(0)) listener(text);
    },
    ended,
    close: () => closed.abort(new DevopsError('cancelled', 'the shell was closed')),
  };
}
