import { readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import ts from 'typescript';

/** The ```ts blocks of a markdown text, in order. */
export const typescriptBlocks = (markdown: string): string[] =>
  [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);

/** The module systems a user's project may use: CommonJS with node10 resolution, and ESM with nodenext. */
export const MODULE_SYSTEMS: ReadonlyArray<readonly [string, ts.CompilerOptions, string]> = [
  ['CommonJS', { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 }, '.ts'],
  [
    'ESM (nodenext)',
    { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext },
    '.mts',
  ],
];

/** Compiler options of a strict user project whose `@invoicekit/*` imports resolve to this repository's sources. */
const userProject = (repo: string): ts.CompilerOptions => ({
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  types: ['node'],
  typeRoots: [join(repo, 'node_modules', '@types')],
  strict: true,
  noUncheckedIndexedAccess: true,
  noUnusedLocals: true,
  esModuleInterop: true,
  skipLibCheck: true,
  isolatedModules: true,
  noEmit: true,
  baseUrl: repo,
  paths: {
    '@invoicekit/core/adapter': ['packages/core/src/adapter.ts'],
    '@invoicekit/webhooks/express': ['packages/webhooks/src/express.ts'],
    '@invoicekit/webhooks/fastify': ['packages/webhooks/src/fastify.ts'],
    '@invoicekit/*': ['packages/*/src/index.ts'],
    // Deno's `npm:` specifiers (docs/runtimes.md), which Deno resolves to the same packages.
    'npm:@invoicekit/*': ['packages/*/src/index.ts'],
  },
});

/**
 * Type-checks every ```ts block of markdown files, each as its own module of a user's project beside
 * its markdown file (so that package's dependencies resolve), under one module system; returns
 * `file/block:line: message` for every diagnostic (none when all compile).
 */
export const diagnoseCodeBlocks = (
  repo: string,
  markdownFiles: ReadonlyArray<string>,
  moduleSystem: ts.CompilerOptions,
  extension: string,
): string[] => {
  const options = { ...userProject(repo), ...moduleSystem };
  const blocks = new Map(
    markdownFiles.flatMap((file) =>
      typescriptBlocks(readFileSync(file, 'utf8')).map(
        (code, i) =>
          [join(dirname(file), '.code-blocks', basename(file), `block-${i + 1}${extension}`), code] as const,
      ),
    ),
  );
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  const exists = host.fileExists.bind(host);
  const source = host.getSourceFile.bind(host);
  host.readFile = (name) => blocks.get(name) ?? read(name);
  host.fileExists = (name) => blocks.has(name) || exists(name);
  host.getSourceFile = (name, language, ...rest) => {
    const code = blocks.get(name);
    return code === undefined
      ? source(name, language, ...rest)
      : ts.createSourceFile(name, code, language, true);
  };
  const program = ts.createProgram([...blocks.keys()], options, host);
  return [...blocks.keys()].flatMap((name) => {
    const file = program.getSourceFile(name)!;
    return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)].map((d) => {
      const { line } = file.getLineAndCharacterOfPosition(d.start ?? 0);
      return `${relative(repo, name).replace(/\.code-blocks\//, '')}:${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
  });
};
