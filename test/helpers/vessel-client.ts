import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { VesselId } from '../../shared/wire/ids.ts';
import { ackSchema, type Ack } from '../../shared/wire/messages.ts';
import { topicFor } from '../../shared/wire/topics.ts';

/** A bare MQTT client speaking for one vessel: it publishes telemetry payloads as given and records every ack. */
export interface VesselClient {
  client: MqttClient;
  /** Every ack received, in order, validated against the wire schema. */
  acks: Ack[];
  /** The seqs acknowledged as stored so far, repeats included. */
  acked(): number[];
  publish(payload: string): Promise<unknown>;
  end(): Promise<void>;
}

export async function connectVessel(url: string, vessel: VesselId, options: IClientOptions = {}): Promise<VesselClient> {
  const client = await mqtt.connectAsync(url, options);
  const acks: Ack[] = [];
  client.on('message', (_topic, payload) => acks.push(ackSchema.parse(JSON.parse(payload.toString()))));
  await client.subscribeAsync(topicFor(vessel, 'ack'), { qos: 1 });
  return {
    client,
    acks,
    acked: () => acks.flatMap((a) => a.seqs),
    publish: (payload) => client.publishAsync(topicFor(vessel, 'telemetry'), payload, { qos: 1 }),
    end: () => client.endAsync(),
  };
}
