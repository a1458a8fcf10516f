import { phoneDigest } from './phone';

/** Every stream id is made here; nowhere else spells one. */
export const streams = {
  agent: (agentId: string) => `agent-${agentId}`,
  plan: (planId: string) => `plan-${planId}`,
  lead: (leadId: string) => `lead-${leadId}`,
  payMonth: (month: string) => `paymonth-${month}`,
  /** Claims on identifiers that must be unique across all leads; the store's no_stream check enforces it. */
  reservation: {
    phone: (normalizedPhone: string) => `reservation-phone-${phoneDigest(normalizedPhone)}`,
    call: (callId: string) => `reservation-call-${callId}`,
    visit: (visitId: string) => `reservation-visit-${visitId}`,
    deal: (dealId: string) => `reservation-deal-${dealId}`,
    /** An appeal id, unique across appraisals; the claim names the appraisal it belongs to. */
    appeal: (appealId: string) => `reservation-appeal-${appealId}`,
  },
  appraisal: (appraisalId: string) => `appraisal-${appraisalId}`,
  archiveAccess: (requestId: string) => `archive-access-${requestId}`,
  /** An agent's call-quality draws and the reviewers' scores of the drawn calls. */
  callQuality: (agentId: string) => `call-quality-${agentId}`,
  /** A person's work logs and plans (the daily discipline). */
  discipline: (agentId: string) => `discipline-${agentId}`,
} as const;

export type ReservationKind = keyof typeof streams.reservation;

/** A webhook subscriber's registration, parkings and re-drives (libs/webhooks). */
export const webhookStream = (webhookId: string) => `webhook-${webhookId}`;
