// The one place that turns the page's settings into the linter's options.
import { ACCOUNT } from './account.js';

/** @param {{ accountFacts: boolean, locale: 'en' | 'de' | 'zh', platform: 'otc' | 'huawei' }} settings */
export function lintOptions(settings) {
  const options = { locale: settings.locale, platform: settings.platform };
  if (settings.accountFacts) options.context = ACCOUNT;
  return options;
}
