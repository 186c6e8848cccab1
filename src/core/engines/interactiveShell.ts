/** What Open Shell runs in a container or pod: bash where the image has it, else sh (busybox, alpine, distroless debug). */
export const interactiveShellCommand: readonly string[] = ['/bin/sh', '-c', 'if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi'];
