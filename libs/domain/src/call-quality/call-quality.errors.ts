/** The refusals of call-quality sampling (「随机抽查电话录音,考核通话质量」). */
export const CALL_QUALITY_ERROR_CODES = [
  'CALL_QUALITY.ALREADY_DRAWN',
  'CALL_QUALITY.CALL_NOT_DRAWN',
  'CALL_QUALITY.INVALID_SAMPLE_SIZE',
  'CALL_QUALITY.INVALID_SCORE',
  'CALL_QUALITY.NOT_DRAWN',
  'CALL_QUALITY.OWN_CALLS',
  'CALL_QUALITY.PERIOD_NOT_ENDED',
] as const;
export type CallQualityErrorCode = (typeof CALL_QUALITY_ERROR_CODES)[number];
