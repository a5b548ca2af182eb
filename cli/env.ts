/** The `SILLAGE_*` environment variables, as config overrides (flags override them in turn). */
export function serverEnv(env: NodeJS.ProcessEnv = process.env) {
  const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));
  return {
    influxUrl: env.SILLAGE_INFLUX_URL || undefined,
    influxToken: env.SILLAGE_INFLUX_TOKEN || undefined,
    dataDir: env.SILLAGE_DATA_DIR || undefined,
    http: { port: num(env.SILLAGE_HTTP_PORT), host: env.SILLAGE_HTTP_HOST || undefined },
    mqtt: { url: env.SILLAGE_MQTT_URL || undefined, port: num(env.SILLAGE_MQTT_PORT) },
  };
}
