// The first import of main.ts: starts OpenTelemetry (when OTEL_* asks for it) before http,
// pg, graphql and fastify are loaded, so that their instrumentations can patch them.
import { startTracing } from './tracing';

startTracing();
