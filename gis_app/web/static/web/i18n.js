/* The words of the page scripts in the page's language: one mechanism, Django's JavaScript catalogue
   (web:jsi18n, gis_app/web/locale/vi/LC_MESSAGES/djangojs.po), which the page loads as a classic script before
   its modules. Without it (a kept offline page whose catalogue was not kept) the English msgids are shown. */
const catalogue = () => window.django || {};

/** The translation of `text` (Django's gettext). */
export function gettext(text) {
  return typeof window.gettext === "function" ? window.gettext(text) : text;
}

/** The singular or plural translation for `count` (Django's ngettext). */
export function ngettext(singular, plural, count) {
  if (typeof window.ngettext === "function") return window.ngettext(singular, plural, count);
  return count === 1 ? singular : plural;
}

/** `format` with %s filled from the list `values`, or %(name)s from the object `values` when `named`. */
export function interpolate(format, values, named) {
  if (typeof window.interpolate === "function") return window.interpolate(format, values, named);
  if (named) return format.replace(/%\((\w+)\)s/g, (all, name) => String(values[name]));
  let index = 0;
  return format.replace(/%s/g, () => String(values[index++]));
}

/** The page's language ("vi" or "en"), from <html lang>. */
export function lang() {
  return (document.documentElement.lang || "vi").slice(0, 2);
}

/** True when the page's catalogue is loaded (its words are translated). */
export function loaded() {
  return Boolean(catalogue().catalog);
}
