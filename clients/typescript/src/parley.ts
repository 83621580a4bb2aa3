// Parley's typed client: openapi-fetch over the types that openapi-typescript generates from the server's OpenAPI
// document (src/generated/parley.d.ts, made by `npm run generate`). Calls are named by path and method, so a path,
// parameter or body field that the server no longer has is a compile error.
import createClient from "openapi-fetch";
import type { paths } from "./generated/parley.js";

export type Parley = ReturnType<typeof parleyClient>;

export function parleyClient(baseUrl: string, apiKey: string) {
  return createClient<paths>({ baseUrl, headers: { "X-API-Key": apiKey, Accept: "application/json" } });
}

/** The answer of a call that succeeded; anything else becomes an error naming the status and the problem. */
export function ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) {
    throw new Error(`${result.response.status} ${result.response.url}: ${JSON.stringify(result.error)}`);
  }
  return result.data;
}

/**
 * The JSON request body of an operation, named by path and method. openapi-fetch's inferred bodies skip TypeScript's
 * excess-property check, so a misspelt optional field would pass: write bodies as `{...} satisfies Body<path, method>`.
 */
export type Body<P extends keyof paths, M extends keyof paths[P]> =
  paths[P][M] extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;
