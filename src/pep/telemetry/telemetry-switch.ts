/**
 * The operator's kill switch: `GATEHOUSE_TELEMETRY=off` stops the heartbeat whatever the code
 * or config says, so an operator can guarantee nothing is sent without touching the host app.
 */

/** True when `GATEHOUSE_TELEMETRY` is `off` (any case; `false`, `0` and `disabled` also count). */
export function telemetryDisabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.GATEHOUSE_TELEMETRY?.trim().toLowerCase();
  return value === 'off' || value === 'false' || value === '0' || value === 'disabled';
}
