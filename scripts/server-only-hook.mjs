// Commands run the portal's server code outside Next.js. That code imports `server-only`,
// which throws unless resolved with the "react-server" condition; that condition would also
// swap React for its server-components build, which cannot render emails. So commands run
// with Node's default conditions and this hook resolves `server-only` to an empty module.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier === 'server-only') return { url: 'data:text/javascript,export{}', shortCircuit: true };
  return next(specifier, context);
}`),
);
