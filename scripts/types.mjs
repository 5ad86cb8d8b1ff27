// Writes the declaration files of the npm entries: dist/index.d.ts and dist/schema.d.ts re-export
// what tsc emits for src/ into dist/types/.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--noEmit', 'false', '--declaration', '--emitDeclarationOnly', '--declarationDir', 'dist/types'], { stdio: 'inherit' });
writeFileSync('dist/index.d.ts', "export * from './types/index.js';\n");
writeFileSync('dist/schema.d.ts', "export * from './types/schema/index.js';\n");
