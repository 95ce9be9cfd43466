// The one place that turns the page's settings into the linter's options.
// A language or platform switch adds its setting here and a control in the
// header (`settings` in console.js); nothing else changes.
import { ACCOUNT } from './account.js';

/** @param {{ accountFacts: boolean }} settings */
export function lintOptions(settings) {
  const options = {};
  if (settings.accountFacts) options.context = ACCOUNT;
  return options;
}
