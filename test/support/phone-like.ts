/**
 * The feed's text with every global position blanked out: positions are large numbers (on
 * PostgreSQL, a transaction id shifted left by 20 bits) that can look like an 11-digit mobile
 * number, yet they are no one's personal data. Scans for phone numbers read this instead.
 */
export const withoutPositions = (text: string): string =>
  text.replace(/"(id|position|nextCursor|fromPosition|upToPosition)":"\d+"/g, '"$1":"<position>"').replace(/^id: \d+$/gm, 'id: <position>');
