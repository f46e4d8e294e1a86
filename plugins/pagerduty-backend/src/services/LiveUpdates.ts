import { JsonObject } from '@backstage/types';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  PagerDutyServiceSignal,
  pagerDutyServiceSignalChannel,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { PagerDutyClientService } from '@backstage-pagerduty/plugin-pagerduty-node';

/** Something changed on a PagerDuty service: through Backstage, or as a webhook told us. */
export interface ServiceChange {
  account: string;
  serviceId: string;
  /** PagerDuty's event type, e.g. `incident.acknowledged`. */
  eventType: string;
  /** The card sections whose data changed. */
  sections: PagerDutyServiceSignal['sections'];
  incidentId?: string;
  /** The escalation policy whose on-call may now be shown differently. */
  escalationPolicyId?: string;
}

/**
 * The one "invalidate the cache and tell the browsers" of the plugin, used by the incident
 * actions, the trigger outbox and the webhook handler: drops the cached data of the changed
 * sections, then publishes a signal on the service's channel.
 */
export class LiveUpdates {
  constructor(
    private readonly deps: {
      pagerDuty: PagerDutyClientService;
      signals?: SignalsService;
      /** Called after each published signal (tests, benchmark). */
      onSignal?: (signal: PagerDutyServiceSignal) => void;
    },
  ) {}

  async announce(change: ServiceChange): Promise<PagerDutyServiceSignal> {
    const { account, serviceId, sections } = change;
    const client = this.deps.pagerDuty.forAccount(account);
    const parts: Array<'incidents' | 'service'> = [];
    if (sections.includes('incidents')) parts.push('incidents');
    if (sections.includes('services')) parts.push('service');
    if (parts.length) await client.invalidateService(serviceId, parts);
    if (change.escalationPolicyId && sections.includes('oncall')) {
      await client.invalidateOnCall(change.escalationPolicyId);
    }
    const signal: PagerDutyServiceSignal = {
      account,
      serviceId,
      eventType: change.eventType,
      sections,
      ...(change.incidentId ? { incidentId: change.incidentId } : {}),
    };
    if (this.deps.signals) {
      await this.deps.signals.publish({
        recipients: { type: 'broadcast' },
        channel: pagerDutyServiceSignalChannel(account, serviceId),
        message: signal as unknown as JsonObject,
      });
    }
    this.deps.onSignal?.(signal);
    return signal;
  }
}
