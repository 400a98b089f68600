import ts from 'typescript';
import { typescriptBlocks } from '@invoicekit/testkit';

/** A page's feed-entry handler as printed, and the order ids it shipped (its `console.log` lines `ship <orderId>`). */
export interface PrintedShop {
  readonly handle: (entry: unknown) => Promise<void>;
  readonly shipped: ReadonlyArray<string>;
}

const takesFeedEntry = (fn: ts.SignatureDeclarationBase): boolean => {
  const type = fn.parameters[0]?.type;
  return type !== undefined && ts.isTypeReferenceNode(type) && type.typeName.getText() === 'FeedEntry';
};

const handlerName = (statement: ts.Statement): string | undefined => {
  if (ts.isFunctionDeclaration(statement))
    return takesFeedEntry(statement) ? statement.name?.text : undefined;
  if (!ts.isVariableStatement(statement)) return undefined;
  const declaration = statement.declarationList.declarations.find(
    ({ initializer }) =>
      initializer !== undefined &&
      (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) &&
      takesFeedEntry(initializer),
  );
  return declaration !== undefined && ts.isIdentifier(declaration.name) ? declaration.name.text : undefined;
};

/** The shop's feed-entry handler: the first top-level function of a ```ts block whose first parameter is a `FeedEntry`. */
export interface PrintedHandler {
  readonly name: string;
  readonly source: string;
}

/** The first top-level function of the page's ```ts blocks that takes a `FeedEntry`, as printed, if any. */
export const printedFeedHandler = (markdown: string): PrintedHandler | undefined =>
  typescriptBlocks(markdown)
    .map((block) => ts.createSourceFile('block.ts', block, ts.ScriptTarget.ES2022, true))
    .flatMap((file) =>
      file.statements.flatMap((statement) => {
        const name = handlerName(statement);
        return name === undefined ? [] : [{ name, source: statement.getText(file) }];
      }),
    )
    .at(0);

/**
 * Compiles a page's feed-entry handler exactly as printed (types stripped, nothing else changed) and
 * runs it with a console that records what it logs: the lines `ship <orderId>` are the orders it shipped.
 */
export const loadPrintedShop = (handler: PrintedHandler): PrintedShop => {
  const shipped: string[] = [];
  const record = (...parts: unknown[]) => {
    const match = /^ship (.+)$/.exec(parts.map(String).join(' '));
    if (match !== null) shipped.push(match[1]!);
  };
  const quiet = () => undefined;
  const js = ts.transpileModule(handler.source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const handle = new Function('console', `${js}\nreturn ${handler.name};`)({
    log: record,
    info: record,
    warn: quiet,
    error: quiet,
  }) as PrintedShop['handle'];
  return { handle, shipped };
};
