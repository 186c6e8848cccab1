import * as z from 'zod';
import { pathLeavesWorkspace } from '../workspacePath';

// `engines.kubernetes` of devops.yaml: which cluster (a kubeconfig context) and which
// namespaces the live services come from. devops.yaml comes with the repository, so what
// it may say is limited: it picks a context by name from the user's own kubeconfig, or
// names a kubeconfig file inside the workspace, never one elsewhere on the machine. A
// workspace kubeconfig's credential plugins run only as the editor allows (see
// backends/engines/kubernetes/credentialHelper.ts).

/** A namespace name as the API accepts it: a DNS-1123 label. */
export const namespaceName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a namespace name: lower-case letters, digits and "-", starting and ending with a letter or digit')
  .max(63, 'a namespace name has at most 63 characters');

export const kubernetesEngineSchema = z
  .object({
    context: z.string().min(1).optional().describe('kubeconfig context to use; default: the current context of your kubeconfig.'),
    namespaces: z
      .array(namespaceName)
      .min(1)
      .refine((names) => new Set(names).size === names.length, 'a namespace is listed twice')
      .optional()
      .describe("Namespaces whose workloads are shown; default: the context's namespace (else \"default\")."),
    kubeconfig: z
      .string()
      .min(1)
      .superRefine((file, context) => {
        // devops.yaml never reads the user's home; the default already is their own kubeconfig.
        if (file.startsWith('~')) return void context.addIssue({ code: 'custom', message: `"${file}" points into your home folder; leave kubeconfig out to use your own (KUBECONFIG, else ~/.kube/config)` });
        const why = pathLeavesWorkspace(file);
        if (why !== undefined) context.addIssue({ code: 'custom', message: `"${file}" ${why}` });
      })
      .optional()
      .describe('A kubeconfig file inside the workspace, relative to devops.yaml; default: KUBECONFIG, else ~/.kube/config. Its credential plugins run only in a trusted workspace once you approve them.'),
  })
  .strict();

export type KubernetesEngineConfig = z.output<typeof kubernetesEngineSchema>;
