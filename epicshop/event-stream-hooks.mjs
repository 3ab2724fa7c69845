// Module resolution hook (registered by preload.mjs): inside the workshop app,
// `remix-utils/sse/server` resolves to event-stream-guard.mjs, except for the
// guard's own import of the real module.
const guard = new URL('./event-stream-guard.mjs', import.meta.url).href

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'remix-utils/sse/server' && context.parentURL !== guard) {
    return { url: guard, shortCircuit: true }
  }
  return nextResolve(specifier, context)
}
