// Record language: yoi localizes a few generated headings/bodies when the language is Japanese.

/** yoi's rule: `japanese`, `ja`, `ja-JP` (case-insensitive) or anything containing `日本語`. */
export function isJapaneseLanguage(language: string | undefined): boolean {
  if (!language) return false;
  const l = language.trim().toLowerCase();
  return l === 'japanese' || l === 'ja' || l === 'ja-jp' || language.includes('日本語');
}
