#!/usr/bin/env node
// The `gongkai` command. Runs the TypeScript sources through tsx (TSX portal pages need a JSX
// transform, which Node's own type stripping does not do). Node 24 comes from devDependencies and is
// first on PATH under `npm run` and `npx`; started any other way on an older Node, say so plainly.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `Gongkai 需要 Node 24（当前 ${process.version}）。请通过 npm start / npx gongkai 运行。\n` +
      `Gongkai needs Node 24 (this is ${process.version}). Run it through npm start or npx gongkai.`,
  );
  process.exit(1);
}
// React renders portal pages with its production build unless told otherwise: the development build
// checks every element and was a fifth of a page's server time (decision 0011).
process.env.NODE_ENV ??= 'production';
const { register } = await import('tsx/esm/api');
register();
await import('../src/cli.ts');
