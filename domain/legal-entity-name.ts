/**
 * The legal-entity registry's name key (seed 000 ¶5.12: a name already registered is refused): legal-form
 * abbreviations, quotes and spacing do not make a name new.
 */
const LEGAL_FORM_ABBREVIATIONS = new Set(['llp', 'too', 'тоо', 'жшс', 'тдо', 'ало', 'товарищество', 'серіктестік']);

/** "Qazaq Digital" LLP, ТОО «Qazaq Digital», qazaq  digital → the same registry key. */
export function normalizeLegalEntityName(name: string): string {
  return name
    .toLowerCase()
    .replace(/["«»“”'`.,]/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && !LEGAL_FORM_ABBREVIATIONS.has(w))
    .join(' ');
}
