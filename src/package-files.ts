/**
 * Files the package ships beside its code: the configuration schema (`schema/`) and the data made
 * at build time (`data/`: the IAM action catalog, the AWS managed policies and the Terraform
 * grammar). They are found beside the bundled GitHub Action (dist/), from the sources (src/, in
 * tests) and from the built package (lib/src/), each one folder deeper than the last.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export function packageFile(folder: 'data' | 'schema', name: string): string | undefined {
  return [path.join(__dirname, name), path.join(__dirname, '..', folder, name), path.join(__dirname, '..', '..', folder, name)].find((c) => fs.existsSync(c));
}
