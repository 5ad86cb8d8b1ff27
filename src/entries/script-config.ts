/**
 * Reads the script tag's data-* attributes into a config object; attributes win over
 * `window.waymarkConfig` (SPEC.md, Script tag).
 */
export function scriptConfig(script: HTMLOrSVGScriptElement | null, base: unknown): Record<string, unknown> {
  const config: Record<string, unknown> = base && typeof base === 'object' ? { ...base } : {};
  const data = script?.dataset ?? {};
  for (const key of ['endpoint', 'site', 'consent']) if (data[key]) config[key] = data[key];
  if (data.debug !== undefined) config.debug = data.debug !== 'false';
  return config;
}
