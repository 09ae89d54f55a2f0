// bridge.ts: the contract between a page and the host that renders it.
//
// A page never learns or says who the user is: it asks the host to call a plugin method, and the
// host adds the principal and roles from its own session (docs/integration.md, "Screens"). The
// host hands each page one Bridge; a page calls nothing else.

// What the host tells a page about where it runs. Nothing here identifies the user.
export interface BridgeContext {
  // The agency's IANA time zone, for showing dates (for example "America/Chicago").
  timeZone: string;
  // A BCP 47 language tag; the catalogue falls back to English.
  locale: string;
  // The roles the host granted, only so a page can hide buttons it could not use. The plugin
  // checks every call against its own role matrix; this is a convenience, never a permission.
  roles: readonly string[];
  // The method names the installed plugin answers (plugin.info), so a page can use a newer
  // method when it is there and fall back when it is not.
  methods: readonly string[];
}

export interface CallOptions {
  // Writes carry one; the host passes it through so a retried submit is not applied twice.
  idempotencyKey?: string;
}

// The plugin's structured error, as the host passes it on.
export interface PluginError {
  code: string;
  message: string;
  field?: string;
}

export class BridgeError extends Error {
  readonly code: string;
  readonly field: string | undefined;
  constructor(error: PluginError) {
    super(error.message);
    this.code = error.code;
    this.field = error.field;
  }
}

export interface Bridge {
  readonly context: BridgeContext;
  // Resolves with the method's result; rejects with a BridgeError (the plugin's error, or the
  // host's own with code "host_unavailable" or "session_expired").
  call(method: string, params?: object, options?: CallOptions): Promise<unknown>;
  // Asks the host to show another of the plugin's pages (the host decides how).
  navigate(pageId: string, query?: Record<string, string>): void;
  // The query the host opened this page with (for example ?incident=3), never identity.
  readonly query: Readonly<Record<string, string>>;
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

// A params value the host replaces with its session's employee id before calling, for methods
// that take "whose" (training.compliance of the signed-in PSP). The browser sends this marker,
// never the id.
export const SELF = '@self';
