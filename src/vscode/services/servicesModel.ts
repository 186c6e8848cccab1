import * as vscode from 'vscode';
import type { ServiceConfig } from '../../core/config/schema';
import type { ConfigStore } from '../config/configStore';
import { DisposablePart } from '../disposableStore';

/** Health of a service; probes (issue 4) will set it, until then it is unknown. */
export type ServiceHealth = 'unknown' | 'up' | 'degraded' | 'down';

/** One service as the view shows it. */
export interface ServiceEntry {
  name: string;
  config: ServiceConfig;
  health: ServiceHealth;
  /** Services that list this one in dependsOn. */
  neededBy: string[];
}

/** The model of the Services view: services from devops.yaml joined with their health. */
export class ServicesModel extends DisposablePart {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private readonly healthByName = new Map<string, ServiceHealth>();

  constructor(private readonly configStore: ConfigStore) {
    super();
    this.register(configStore.onDidChange(() => this.changed.fire()));
  }

  services(): ServiceEntry[] {
    const services = this.configStore.snapshot.config?.services ?? {};
    const names = Object.keys(services);
    return names.map((name) => ({
      name,
      config: services[name],
      health: this.healthByName.get(name) ?? 'unknown',
      neededBy: names.filter((other) => services[other].dependsOn.includes(name)),
    }));
  }

  /** Where health results arrive (issue 4's probes). */
  setHealth(name: string, health: ServiceHealth): void {
    if (this.healthByName.get(name) === health) return;
    this.healthByName.set(name, health);
    this.changed.fire();
  }
}
