import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type * as SchemaEngineWasm from '@prisma/schema-engine-wasm';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

// Prisma's migration engine compiled to WebAssembly. The Prisma CLI's native engine cannot be
// downloaded on our machines, and the package's entry point imports the .wasm as an ES module
// (which Node 20 does not support without a flag), so we instantiate it by hand — once per
// process, because a second instance of the module corrupts its memory.

type EngineModule = typeof SchemaEngineWasm;
type WasmExports = Record<string, unknown>;
// The global WebAssembly object, typed for the one call we make (Node's types don't declare it).
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: WasmExports } }>;
};

let engineModule: Promise<EngineModule> | undefined;

function loadEngineModule(): Promise<EngineModule> {
  engineModule ??= (async () => {
    const require = createRequire(import.meta.url);
    const bindingsPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bindings = (await import(bindingsPath)) as EngineModule & {
      __wbg_set_wasm(exports: WasmExports): void;
    };
    const wasmPath = bindingsPath.replace(/\.js$/, '.wasm');
    const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {
      './schema_engine_bg.js': bindings,
    });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings;
  })();
  return engineModule;
}

/** Whether this process has loaded the engine (it is loaded only when there is work for it). */
export function schemaEngineLoaded(): boolean {
  return engineModule !== undefined;
}

export interface SchemaFile {
  path: string;
  content: string;
}

/**
 * Runs `work` with a schema engine connected to `databaseUrl`, then frees the engine and closes
 * every connection it opened, so the database can be used (or dropped) elsewhere afterwards.
 */
export async function withSchemaEngine<T>(
  databaseUrl: string,
  schema: SchemaFile,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const adapterFactory = new PrismaPg({ connectionString: databaseUrl, max: 2 });
  const opened: { dispose(): Promise<void> }[] = [];
  const tracking = {
    provider: 'postgres' as const,
    adapterName: adapterFactory.adapterName,
    connect: async () => remember(await adapterFactory.connect()),
    connectToShadowDb: async () => remember(await adapterFactory.connectToShadowDb()),
  };
  function remember<A extends { dispose(): Promise<void> }>(adapter: A): A {
    opened.push(adapter);
    return adapter;
  }
  const engine = await SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(tracking),
  );
  try {
    return await work(engine);
  } finally {
    engine.free();
    await Promise.all(opened.map((adapter) => adapter.dispose()));
  }
}
