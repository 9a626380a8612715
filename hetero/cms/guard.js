/* Loaded before the editor (hetero/cms/index.html). Sveltia CMS asks unpkg.com for a newer
   version on every start and, on trouble, githubstatus.com for GitHub's status. The page's
   Content-Security-Policy already refuses both, but a refusal is logged as an error on every
   visit; this answers such requests as failed, which the editor handles quietly, before the
   browser is asked. GitHub's API and this site are all the editor needs. */
(function () {
  "use strict";
  var allowed = [window.location.origin, "https://api.github.com"];
  var fetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    var url = new URL(input instanceof Request ? input.url : String(input), window.location.href);
    if (url.protocol !== "blob:" && url.protocol !== "data:" && allowed.indexOf(url.origin) < 0) {
      return Promise.reject(new TypeError("Penyunting tidak menghubungi " + url.origin));
    }
    return fetch(input, init);
  };
})();
