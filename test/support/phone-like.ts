/** An 11-digit mainland mobile number, standing alone. */
const MOBILE = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/;

/**
 * The first phone-like number in a feed's text, if any. Global positions are blanked out first:
 * they are large numbers (on PostgreSQL, a transaction id shifted left by 20 bits) that can look
 * like an 11-digit mobile number, yet they are no one's personal data.
 */
export function phoneLike(text: string): string | undefined {
  const withoutPositions = text
    .replace(/"(id|position|nextCursor|fromPosition|upToPosition)":"\d+"/g, '"$1":"<position>"')
    .replace(/^id: \d+$/gm, 'id: <position>');
  return MOBILE.exec(withoutPositions)?.[0];
}
