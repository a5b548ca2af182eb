import type { VesselId } from '../../shared/wire/ids.ts';
import { fleetFilter, parseTopic, topicFor, type TopicKind } from '../../shared/wire/topics.ts';

/** Who is on the other end of an MQTT connection, once authenticated. */
export type MqttIdentity =
  | { readonly kind: 'vessel'; readonly vessel: VesselId }
  /** Shore's own clients (ingest workers): read the fleet's uplink, write acknowledgements, nothing else. */
  | { readonly kind: 'shore'; readonly name: string };

export type MqttDenyReason =
  | 'foreign-vessel' | 'topic-not-allowed' | 'client-id-mismatch';

export type Verdict = { readonly ok: true } | { readonly ok: false; readonly reason: MqttDenyReason; readonly detail: string };

const OK: Verdict = { ok: true };
const deny = (reason: MqttDenyReason, detail: string): Verdict => ({ ok: false, reason, detail });

/** What a vessel may send: its own uplink topics. Its own `ack` is shore's to write, never the vessel's. */
const VESSEL_PUBLISHES: ReadonlySet<TopicKind> = new Set<TopicKind>(['telemetry', 'status', 'events']);
const SHORE_READS: readonly TopicKind[] = ['telemetry', 'status', 'events'];
const SHARED_PREFIX = /^\$share\/[A-Za-z0-9_-]{1,64}\//;

/** DESIGN §4: a vessel publishes only under `sillage/v1/{its id}/`; shore publishes only acknowledgements. */
export function mayPublish(who: MqttIdentity, topic: string): Verdict {
  const parsed = parseTopic(topic);
  if (!parsed) return deny('topic-not-allowed', `${topic} is not a Sillage topic`);
  if (who.kind === 'shore') {
    return parsed.kind === 'ack' ? OK : deny('topic-not-allowed', `shore clients publish only acknowledgements, not ${parsed.kind}`);
  }
  if (parsed.vessel !== who.vessel) return deny('foreign-vessel', `${who.vessel} may not publish for ${parsed.vessel}`);
  return VESSEL_PUBLISHES.has(parsed.kind) ? OK : deny('topic-not-allowed', `a vessel does not publish its own ${parsed.kind}`);
}

/** A vessel reads only its own `ack`; shore reads the fleet's uplink, possibly through an MQTT 5 shared group. */
export function maySubscribe(who: MqttIdentity, filter: string): Verdict {
  if (who.kind === 'vessel') {
    if (filter === topicFor(who.vessel, 'ack')) return OK;
    const parsed = parseTopic(filter);
    return parsed && parsed.vessel !== who.vessel
      ? deny('foreign-vessel', `${who.vessel} may not read ${filter}`)
      : deny('topic-not-allowed', `a vessel reads only ${topicFor(who.vessel, 'ack')}`);
  }
  const bare = filter.replace(SHARED_PREFIX, '');
  if (SHORE_READS.some((kind) => bare === fleetFilter(kind))) return OK;
  const parsed = parseTopic(bare);
  if (parsed && SHORE_READS.includes(parsed.kind)) return OK;
  return deny('topic-not-allowed', `shore clients read only the fleet's uplink topics, not ${filter}`);
}

/**
 * Client ids are bound to identities: a broker drops the older of two connections sharing an id and hands
 * the newcomer its persistent session (subscriptions, queued acks), so a free choice would let one vessel
 * evict another and read its acknowledgements. A vessel is `sillage-edge-{id}` (optionally `:suffix`, a
 * character no vessel id contains); shore clients are `sillage-ingest-…`.
 */
export function mayUseClientId(who: MqttIdentity, clientId: string): Verdict {
  if (who.kind === 'shore') {
    return clientId.startsWith('sillage-ingest-') ? OK : deny('client-id-mismatch', 'shore client ids start with sillage-ingest-');
  }
  const own = `sillage-edge-${who.vessel}`;
  return clientId === own || clientId.startsWith(`${own}:`)
    ? OK
    : deny('client-id-mismatch', `vessel ${who.vessel} must connect as ${own}`);
}
