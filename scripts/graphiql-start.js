/* global document, location, React, ReactDOM, GraphiQL */
// GraphiQL's start on GET /graphql (src/modules/web/graphiql-page.ts). A file of its own, not
// an inline script, so the page's Content-Security-Policy can allow scripts from 'self' only.
// scripts/copy-graphiql.mjs copies it, under a name with its hash, beside GraphiQL's bundle.
(function start() {
  'use strict';
  /** The explorer's API key (web/src/api/key.ts keeps it in this tab's session storage), if entered. */
  function apiKey() {
    try {
      return sessionStorage.getItem('nr-api-key');
    } catch {
      return null;
    }
  }
  var key = apiKey();
  var props = {
    fetcher: GraphiQL.createFetcher({ url: '/graphql' }),
    // A link such as /graphql?query={catalogs{version}} opens with that query in the editor.
    defaultQuery: new URLSearchParams(location.search).get('query') || undefined,
    // With a key entered in the explorer, GraphiQL sends it too (shown in the headers editor).
    defaultHeaders: key ? JSON.stringify({ Authorization: 'Bearer ' + key }, null, 2) : undefined,
    defaultEditorToolsVisibility: key ? 'headers' : false,
  };
  ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, props));
})();
