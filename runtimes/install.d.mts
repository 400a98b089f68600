/** The pinned runtime packages, by runtime name. */
export declare const RUNTIME_PACKAGES: Readonly<Record<string, string>>;
/** Where the runtimes live: $INVOICEKIT_RUNTIMES_DIR or ~/.cache/invoicekit-runtimes. */
export declare const runtimesDir: () => string;
/** Installs the pinned runtimes unless they are there; the path of each binary, `node20` being this process's Node. */
export declare const runtimeBinaries: () => Readonly<
  Record<'node20' | 'node22' | 'node24' | 'bun' | 'deno' | 'workerd', string>
>;
/** `<binary> --version`, first line, or the failure. */
export declare const versionOf: (binary: string) => string;
