import * as z from 'zod';

// Shapes of the Docker Engine API answers we read (docs.docker.com/reference/api/engine,
// v1.41: ContainerList, ContainerInspect, ServiceList, TaskList, NodeList, SystemEvents,
// ContainerStats, SystemVersion, SystemInfo). Only what is used is required; the engine
// answers `null` for empty maps and lists, so those are nullish and default to empty.
// State words stay free strings: a new one maps to "unknown" instead of failing.

const labels = z
  .record(z.string(), z.string())
  .nullish()
  .transform((value) => value ?? {});
const when = z.string().nullish();

export const versionSchema = z.object({
  ApiVersion: z.string(),
  MinAPIVersion: z.string().nullish(),
  Version: z.string().nullish(),
});

export const infoSchema = z.object({
  Name: z.string().nullish(),
  Swarm: z
    .object({
      LocalNodeState: z.string().nullish(),
      ControlAvailable: z.boolean().nullish(),
      NodeID: z.string().nullish(),
    })
    .nullish(),
});

export const containerSummarySchema = z.object({
  Id: z.string(),
  Names: z.array(z.string()).nullish(),
  Image: z.string().nullish(),
  Created: z.number().nullish(),
  State: z.string().nullish(),
  Status: z.string().nullish(),
  Labels: labels,
});
export const containerListSchema = z.array(containerSummarySchema);

export const containerInspectSchema = z.object({
  Id: z.string(),
  Name: z.string().nullish(),
  Created: when,
  RestartCount: z.number().nullish(),
  State: z
    .object({
      Status: z.string().nullish(),
      ExitCode: z.number().nullish(),
      Error: z.string().nullish(),
      OOMKilled: z.boolean().nullish(),
      StartedAt: when,
      FinishedAt: when,
      Health: z.object({ Status: z.string().nullish() }).nullish(),
    })
    .nullish(),
  Config: z
    .object({
      Image: z.string().nullish(),
      Labels: labels,
      Tty: z.boolean().nullish(),
    })
    .nullish(),
});

const versionIndex = z.object({ Index: z.number() });

export const serviceSchema = z.object({
  ID: z.string(),
  Version: versionIndex,
  CreatedAt: when,
  Spec: z.object({
    Name: z.string(),
    Labels: labels,
    TaskTemplate: z
      .object({
        ContainerSpec: z.object({ Image: z.string().nullish(), TTY: z.boolean().nullish() }).nullish(),
        ForceUpdate: z.number().nullish(),
      })
      .nullish(),
    Mode: z
      .object({
        Replicated: z.object({ Replicas: z.number().nullish() }).nullish(),
        Global: z.object({}).nullish(),
      })
      .nullish(),
  }),
  UpdateStatus: z.object({ State: z.string().nullish() }).nullish(),
  ServiceStatus: z.object({ RunningTasks: z.number().nullish(), DesiredTasks: z.number().nullish() }).nullish(),
});
export const serviceListSchema = z.array(serviceSchema);

/** A service as it came, every field kept, for an update that must send back what it does not change. */
export const rawServiceSchema = z.object({
  ID: z.string(),
  Version: versionIndex,
  Spec: z.looseObject({ Name: z.string(), Mode: z.looseObject({ Replicated: z.looseObject({ Replicas: z.number().nullish() }).nullish() }).nullish() }),
});

export const taskSchema = z.object({
  ID: z.string(),
  ServiceID: z.string(),
  Slot: z.number().nullish(),
  NodeID: z.string().nullish(),
  CreatedAt: when,
  DesiredState: z.string().nullish(),
  Status: z
    .object({
      Timestamp: when,
      State: z.string().nullish(),
      Message: z.string().nullish(),
      Err: z.string().nullish(),
      ContainerStatus: z.object({ ContainerID: z.string().nullish(), ExitCode: z.number().nullish() }).nullish(),
    })
    .nullish(),
});
export const taskListSchema = z.array(taskSchema);

export const nodeListSchema = z.array(z.object({ ID: z.string(), Description: z.object({ Hostname: z.string().nullish() }).nullish() }));

export const eventSchema = z.object({
  Type: z.string(),
  Action: z.string(),
  Actor: z.object({ ID: z.string().nullish(), Attributes: labels }).nullish(),
  time: z.number().nullish(),
  timeNano: z.number().nullish(),
});

const cpuStats = z
  .object({
    cpu_usage: z.object({ total_usage: z.number().nullish(), percpu_usage: z.array(z.number()).nullish() }).nullish(),
    system_cpu_usage: z.number().nullish(),
    online_cpus: z.number().nullish(),
  })
  .nullish();

export const statsSchema = z.object({
  read: when,
  cpu_stats: cpuStats,
  precpu_stats: cpuStats,
  memory_stats: z
    .object({
      usage: z.number().nullish(),
      limit: z.number().nullish(),
      stats: z.record(z.string(), z.number()).nullish(),
    })
    .nullish(),
});

export const imageInspectSchema = z.object({ Config: z.object({ Labels: labels }).nullish() });

export type ContainerSummary = z.output<typeof containerSummarySchema>;
export type ContainerInspect = z.output<typeof containerInspectSchema>;
export type DockerService = z.output<typeof serviceSchema>;
export type DockerTask = z.output<typeof taskSchema>;
export type DockerEvent = z.output<typeof eventSchema>;
export type DockerStats = z.output<typeof statsSchema>;

/** POST /containers/{id}/exec: the new exec instance. */
export const execCreatedSchema = z.object({ Id: z.string() });

/** GET /exec/{id}/json: whether it still runs and how it ended. */
export const execInspectSchema = z.object({ Running: z.boolean().nullish(), ExitCode: z.number().nullish() });
