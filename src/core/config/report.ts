import type { YamlPath } from '../yaml/yamlSource';
import type { Problem } from './problem';

/** Reports a problem at a data path of the parsed file: what every check of devops.yaml calls. */
export type Report = (path: YamlPath, severity: Problem['severity'], code: string, message: string, target?: 'key' | 'value') => void;
