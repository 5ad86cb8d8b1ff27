/** The visitor's browser-level privacy signals, read once at start (SPEC.md, Privacy). */
export function privacySignals(nav: Partial<Navigator> & { globalPrivacyControl?: boolean; msDoNotTrack?: string } = globalThis.navigator ?? {}) {
  const win = globalThis as { doNotTrack?: string };
  const dnt = nav.doNotTrack ?? win.doNotTrack ?? nav.msDoNotTrack;
  return { gpc: nav.globalPrivacyControl === true, dnt: dnt === '1' || dnt === 'yes' };
}
