/** The wording of config issues: loaded by the script-tag build only when its config is refused. */
export { formatIssues } from '../schema/issues';
