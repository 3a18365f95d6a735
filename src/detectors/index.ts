export { detect, DEFAULT_MIN_CONFIDENCE, DEFAULT_MAX_INPUT_LENGTH, DEFAULT_REGION, type DetectOptions } from './detect.js';
export { scanSql, DEFAULT_MAX_SQL_INPUT_LENGTH, type SqlScanResult, type SqlFinding, type SqlCategory, type ScanSqlOptions, SQL_CATEGORIES } from './sql/scan-sql.js';
export { DETECTOR_TYPES, PII_TYPES, SECRET_TYPES, type DetectorType, type PiiType, type SecretType, type Finding } from './types.js';
export * from './validators/index.js';
