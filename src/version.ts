import pkg from '../package.json';

export const TOOL_NAME = 'tfxacct';
export const TOOL_VERSION: string = pkg.version;
export const INFORMATION_URI = 'https://github.com/tfxacct/tfxacct';
