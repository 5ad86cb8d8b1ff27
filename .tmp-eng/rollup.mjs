import typescript from '@rollup/plugin-typescript';
export default { input: '.tmp-eng/eng-entry.ts', output: { file: process.env.OUT, format: 'es' }, plugins: [typescript({ tsconfig: './tsconfig.build.json', include: ['src/**/*.ts', '.tmp-eng/*.ts'] })] };
