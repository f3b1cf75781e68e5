/**
 * Imported first by main.ts. cdktf captures and formats a full stack trace for every token it
 * creates, and with source maps on (tsx turns them on) Node also records a source map for
 * every module it loads and maps every frame through the provider bindings' inline maps:
 * about a third of the synthesis time. Traces of a synthesis bug then point into tsx's
 * output instead of the .ts line; set NODE_OPTIONS=--enable-source-maps to keep them.
 */
if (!(process.env.NODE_OPTIONS ?? "").includes("--enable-source-maps")) process.setSourceMapsEnabled(false);
