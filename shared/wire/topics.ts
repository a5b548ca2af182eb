import { isVesselId, type VesselId } from './ids.ts';

export const TOPIC_ROOT = 'sillage/v1';
export type TopicKind = 'telemetry' | 'ack' | 'status' | 'events';
const KINDS: ReadonlySet<string> = new Set<TopicKind>(['telemetry', 'ack', 'status', 'events']);

export const topicFor = (vessel: VesselId, kind: TopicKind): string => `${TOPIC_ROOT}/${vessel}/${kind}`;

/** Subscription filter for one kind of topic across the whole fleet. */
export const fleetFilter = (kind: TopicKind): string => `${TOPIC_ROOT}/+/${kind}`;

/** The vessel and kind a Sillage topic names, or undefined for any other topic. */
export function parseTopic(topic: string): { vessel: VesselId; kind: TopicKind } | undefined {
  const parts = topic.split('/');
  if (parts.length !== 4 || `${parts[0]}/${parts[1]}` !== TOPIC_ROOT) return undefined;
  const [, , vessel, kind] = parts as [string, string, string, string];
  if (!isVesselId(vessel) || !KINDS.has(kind)) return undefined;
  return { vessel, kind: kind as TopicKind };
}
