/**
 * The explorer's views (web/src/views/index.ts): for a GET of one of these paths, or below
 * them, the service answers the page itself, which then shows the view the URL names.
 * Every other path keeps its 404. A test keeps this list equal to the views'.
 */
export const SPA_ROUTES = [
  '/',
  '/versions',
  '/flows',
  '/matrix',
  '/upgrade',
  '/profiles',
  '/artifacts',
  '/drafts',
] as const;
