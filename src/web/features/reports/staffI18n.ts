// The report form's labels (namespace `report`) in the staff app's two languages. The public page
// carries the same files in five languages in its own i18next instance.
import i18n from '../../i18n/index.js';
import en from './i18n/en.json';
import th from './i18n/th.json';

if (!i18n.hasResourceBundle('th', 'report')) i18n.addResourceBundle('th', 'report', th);
if (!i18n.hasResourceBundle('en', 'report')) i18n.addResourceBundle('en', 'report', en);
