import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';

/** One connection attempt, no retries: the client, or the broker's refusal. */
export function connectOnce(url: string, options: IClientOptions): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(url, { reconnectPeriod: 0, connectTimeout: 5000, ...options });
    client.once('connect', () => resolve(client));
    client.once('error', (err) => { client.end(true); reject(err); });
    client.once('close', () => reject(new Error('closed before CONNACK')));
  });
}

/** Resolves once the broker has closed (or the client has left) the connection. */
export const closed = (client: MqttClient): Promise<void> =>
  new Promise<void>((resolve) => (client.disconnected ? resolve() : client.once('close', () => resolve())));
