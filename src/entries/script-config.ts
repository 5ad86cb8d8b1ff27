/**
 * Reads the script tag's data-* attributes into a config object; attributes win over
 * `window.waymarkConfig` (SPEC.md, Script tag).
 */
export function scriptConfig(script: HTMLOrSVGScriptElement | null, base: unknown): Record<string, unknown> {
  const config: Record<string, unknown> = base && typeof base === 'object' ? { ...base } : {};
  const data = script?.dataset ?? {};
  if (data.endpoint) config.endpoint = data.endpoint;
  if (data.site) config.site = data.site;
  if (data.consent) config.consent = data.consent;
  if (data.debug !== undefined) config.debug = data.debug !== 'false';
  return config;
}
