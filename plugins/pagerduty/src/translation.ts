import { createTranslationRef } from '@backstage/core-plugin-api/alpha';

/**
 * Every user-visible string of the PagerDuty card, dialogs and widgets; override them with
 * `createTranslationResource` / `createTranslationMessages` in the app.
 * @alpha
 */
export const pagerDutyTranslationRef = createTranslationRef({
  id: 'plugin.pagerduty',
  messages: {
    card: {
      title: 'PagerDuty',
      refresh: 'Refresh PagerDuty data',
      refreshing: 'Refreshing…',
      live: 'Live updates',
      polling: 'Refreshes every 60 s',
      updatedAgo: 'updated {{ago}}',
      account: 'Account {{account}} ({{region}})',
    },
    onCallNow: {
      title: 'On call now',
      level: 'level {{level}}',
      until: 'until {{time}}',
      from: 'from {{time}}',
      alwaysOnCall: 'always on call',
      nobodyAtLevel1: 'Nobody is on call at level 1 right now.',
      pagedNow: 'Paged now',
      escalatesAfter: 'Escalates after {{minutes}} min to',
      nextAtLevel1: 'Next at level 1',
      noPolicy:
        'No escalation policy is attached to these services, so nobody is paged.',
      nobody: 'Nobody is on call for this escalation policy.',
      policy: 'Escalation policy',
    },
    contact: {
      call: 'Call',
      sms: 'SMS',
      email: 'Email',
      profile: 'Profile',
      slack: 'Slack',
      callLabel: 'Call {{name}} ({{label}}, {{address}})',
      smsLabel: 'Send an SMS to {{name}} ({{label}}, {{address}})',
      emailLabel: 'Email {{name}} ({{address}})',
      profileLabel: 'Backstage profile of {{name}}',
      slackLabel: 'Message {{name}} on Slack',
    },
    incidents: {
      showAll: 'Show all {{total}}',
      showFewer: 'Show fewer',
      acknowledge: 'Acknowledge',
      resolve: 'Resolve',
      details: 'Details',
      hideDetails: 'Hide details',
      acknowledgedBy: 'acknowledged by {{name}} {{ago}}',
      inState: '{{state}} for {{duration}}',
      escalationLevel: 'level {{level}}',
      alerts_one: '{{count}} alert',
      alerts_other: '{{count}} alerts',
      bridge: 'Join bridge',
      notes: 'Notes',
      noNotes: 'No notes yet.',
      timeline: 'Timeline',
      description: 'Description',
      loadingDetails: 'Loading details…',
    },
    homeWidgets: {
      myOnCallTitle: 'My on-call shifts',
      myOnCallDescription:
        'When you are on call in PagerDuty: now and the next 7 days.',
      loadingShifts: 'Loading your on-call shifts',
      noEmail:
        'Your Backstage user has no email (spec.profile.email), so your PagerDuty user cannot be found.',
      noUser: 'No PagerDuty user has your email ({{email}}).',
      noShifts: 'You are not on call in the next 7 days.',
      onCallNow: 'On call now',
      next: 'Next',
      untilTime: 'until {{time}}',
      fromTo: '{{from}} – {{to}}',
      always: 'always (no schedule)',
      levelOf: 'Level {{level}} of',
      viaSchedule: 'via {{schedule}}',
      account: 'account {{account}}',
      myServicesTitle: "My teams' services",
      myServicesDescription:
        'Services owned by your teams that have open PagerDuty incidents.',
      loadingServices: "Loading your teams' services",
      noServices: 'Your teams own no entity with a PagerDuty annotation.',
      allQuiet_one: 'No open incidents on your team’s {{count}} service.',
      allQuiet_other: 'No open incidents on your teams’ {{count}} services.',
      openIncidents_one: '{{count}} open',
      openIncidents_other: '{{count}} open',
      triggered: '{{n}} triggered',
      highUrgency: '{{n}} high urgency',
      unreadable: 'Could not read its incidents: {{message}}',
      truncated: 'Only the first {{n}} services are shown.',
    },
  },
});
