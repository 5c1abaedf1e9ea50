/**
 * The Atlassian design-token themes as one stylesheet: what Jira injects into a Custom UI frame when the
 * app calls `view.theme.enable()`. Read from `@atlaskit/tokens`' generated theme artifacts.
 */
const THEMES = ['atlassian-light', 'atlassian-dark', 'atlassian-spacing', 'atlassian-typography', 'atlassian-shape', 'atlassian-motion'];

export function tokensCss(): string {
  return THEMES.map((theme) => {
    // The artifacts are CommonJS modules picked by name, hence require rather than import.
    const artifact = require(`@atlaskit/tokens/dist/cjs/artifacts/themes/${theme}.js`) as { default: string };
    return artifact.default;
  }).join('\n');
}
