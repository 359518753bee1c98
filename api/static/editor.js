// The query page's editor: YASGUI (installed by `make install`, served from /static/vendor/) over the plain form.
// Without JavaScript, or without the built library, the form and query.js serve as before.
//
// Everything it asks for comes from this server: queries go to this endpoint, classes and properties are read
// from the graph by two SPARQL queries, entities from the REST search; the prefix list is the project's own.
// Nothing is stored in the browser (persistence off): the page always opens on the server's named queries.
(function () {
  "use strict";

  var DATES = ["date", "dateTime", "dateTimeStamp", "gYear", "gYearMonth"].map(function (name) {
    return "http://www.w3.org/2001/XMLSchema#" + name;
  });
  var CLASSES = "PREFIX owl: <http://www.w3.org/2002/07/owl#>\n" +
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" +
    "SELECT DISTINCT ?term WHERE { { ?term a owl:Class } UNION { ?term a rdfs:Class } UNION { [] a ?term }" +
    " FILTER (isIRI(?term)) } ORDER BY ?term LIMIT 5000";
  var PROPERTIES = "PREFIX owl: <http://www.w3.org/2002/07/owl#>\n" +
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n" +
    "SELECT DISTINCT ?term WHERE { { VALUES ?kind { owl:ObjectProperty owl:DatatypeProperty " +
    "owl:AnnotationProperty rdf:Property } ?term a ?kind } UNION { [] ?term [] } FILTER (isIRI(?term)) }" +
    " ORDER BY ?term LIMIT 5000";
  // A word typed where a term may stand (letters of any script, digits, - _ .), or the start of an IRI
  // without a scheme yet: `JALEC`, `<日本航空`. Prefixed names and variables have their own completers.
  var ENTITY_WORD = /^<?([^\s<>"'{}|^`\\:?$()[\],;.#][^\s<>"'{}|^`\\:()[\],;#]{2,199})$/;

  document.addEventListener("DOMContentLoaded", function () {
    var host = document.getElementById("editor");
    var form = document.querySelector("div.query form");
    if (!host || !form || typeof window.Yasgui !== "function") { return; }
    var Yasgui = window.Yasgui;
    var endpoint = host.getAttribute("data-endpoint");
    var base = host.getAttribute("data-base-iri");
    var ontology = host.getAttribute("data-ontology-iri");
    var searchUrl = host.getAttribute("data-search");
    var prefixes = JSON.parse(host.getAttribute("data-prefixes"));
    if (base.slice(-1) !== "/") { base += "/"; }
    var prologue = Object.keys(prefixes).map(function (name) {
      return "PREFIX " + name + ": <" + prefixes[name] + ">\n";
    }).join("");

    // Where an IRI is served here (as api/lookups/paths.py's local_path): data under /id/, terms under /ontology.
    function localPath(iri) {
      if (iri.indexOf(base) === 0 && iri.length > base.length) { return "/id/" + encodeURI(iri.slice(base.length)); }
      if (iri.indexOf(ontology) === 0) { return "/ontology" + encodeURI(iri.slice(ontology.length)); }
      return null;
    }

    function select(query) {
      var body = new URLSearchParams();
      body.set("query", query);
      return fetch(endpoint, { method: "POST", body: body, headers: { "Accept": "application/sparql-results+json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status + " " + response.statusText); }
          return response.json();
        })
        .then(function (answer) { return answer.results.bindings.map(function (b) { return b.term.value; }); });
    }

    // Fetched once per page, shared by every tab's editor.
    var termLists = {};
    function terms(name, query) {
      if (!termLists[name]) {
        termLists[name] = select(query).catch(function (error) {
          console.warn("No " + name + " completions: " + error.message);
          delete termLists[name];
          return [];
        });
      }
      return termLists[name];
    }

    var Yasqe = Yasgui.Yasqe;
    Yasqe.forkAutocompleter("prefixes", {
      name: "projectPrefixes", persistenceId: null,
      get: function () { return Object.keys(prefixes).map(function (n) { return n + ": <" + prefixes[n] + ">"; }); }
    }, false);
    Yasqe.forkAutocompleter("class", {
      name: "graphClasses", bulk: true, autoShow: true, persistenceId: null,
      get: function () { return terms("class", CLASSES); }
    }, false);
    Yasqe.forkAutocompleter("property", {
      name: "graphProperties", bulk: true, autoShow: true, persistenceId: null,
      get: function () { return terms("property", PROPERTIES); }
    }, false);

    var entityLabels = {};
    Yasqe.registerAutocompleter({
      name: "entities", bulk: false, autoShow: true,
      isValidCompletionPosition: function (yasqe) {
        var token = yasqe.getCompleteToken();
        if (!ENTITY_WORD.test(token.string) || /^[A-Za-z]+$/.test(token.string) && token.type === "keyword") {
          return false;
        }
        var expected = token.state.possibleCurrent || [];
        return expected.indexOf("IRI_REF") >= 0 || expected.indexOf("PNAME_LN") >= 0;
      },
      get: function (yasqe, token) {
        var word = ENTITY_WORD.exec(token.string);  // the open list asks again as the word grows (`foaf` → `foaf:`)
        if (!word) { return []; }
        var text = word[1];
        var url = searchUrl + "?limit=20&q=" + encodeURIComponent(text);
        return fetch(url, { headers: { "Accept": "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { items: [] }; })
          .then(function (page) {
            return (page.items || []).map(function (item) {
              entityLabels[item.id] = firstLabel(item);
              return item.id;
            });
          })
          .catch(function () { return []; });
      },
      postProcessSuggestion: function (yasqe, token, iri) { return "<" + iri + ">"; },
      postprocessHints: function (yasqe, hints) {
        // An empty list would stay open, unseen, and keep the other completers (classes after `foaf:`) out.
        if (!hints.length) {
          setTimeout(function () { if (yasqe.state.completionActive) { yasqe.state.completionActive.close(); } }, 0);
        }
        hints.forEach(function (hint) {
          var label = entityLabels[hint.text.slice(1, -1)];
          if (label) { hint.displayText = label + "  " + hint.text; }
        });
        return hints;
      }
    }, false);

    function firstLabel(item) {
      var names = [item.label, item.prefLabel, item.name].filter(Boolean);
      for (var i = 0; i < names.length; i++) {
        var value = typeof names[i] === "string" ? names[i] : names[i].ja || names[i].en || Object.values(names[i])[0];
        if (value) { return Array.isArray(value) ? value[0] : value; }
      }
      return "";
    }

    // The result table links each IRI to its page on this server (YASR's own links go to the IRI itself).
    var Table = Yasgui.Yasr.plugins.table;
    class LocalTable extends Table {
      getUriLinkFromBinding(binding, known) {
        var iri = binding.value, shown = iri, prefixed = false;
        for (var name in known || {}) {
          if (known[name] && iri.indexOf(known[name]) === 0) { shown = name + ":" + iri.slice(known[name].length); prefixed = true; break; }
        }
        var link = document.createElement("a");
        link.className = "iri";
        var href = localPath(iri) || (/^https?:\/\//i.test(iri) ? iri : null);  // never a javascript: IRI
        if (href) { link.href = href; }
        link.title = iri;
        link.textContent = shown;
        var wrapped = prefixed || this.persistentConfig.compact;
        return (wrapped ? "" : "&lt;") + link.outerHTML + (wrapped ? "" : "&gt;");
      }
    }
    Yasgui.Yasr.registerPlugin("table", LocalTable);

    // The editor takes the form's place (shown before it is drawn, so CodeMirror measures a visible box); the
    // server's own answer to the URL's query is asked for again by the editor.
    form.parentNode.hidden = true;
    ["results", "error"].forEach(function (id) {
      var served = document.getElementById(id);
      if (served) { served.hidden = true; }
    });
    host.hidden = false;

    var catalogue = [{ endpoint: endpoint }];
    var yasgui = new Yasgui(host, {
      persistenceId: null, populateFromUrl: false, autoAddOnInit: false, autofocus: false,
      copyEndpointOnNewTab: true,
      requestConfig: { endpoint: endpoint, method: "POST" },
      endpointCatalogueOptions: { getData: function () { return catalogue; }, keys: [] },
      yasqe: {
        value: prologue, persistenceId: null, prefixCcApi: null,
        autocompleters: ["projectPrefixes", "graphClasses", "graphProperties", "entities", "variables"]
      },
      // `id:` shortens this graph's own IRIs in the table, as the server's table writes them (display only).
      yasr: { prefixes: Object.assign({ id: base }, prefixes), persistenceId: null, defaultPlugin: "table",
              pluginOrder: ["table", "response"] }
    });

    // The first tab holds the form's query (the one in the URL, or the starting example); then the named queries.
    var first = yasgui.addTab(true, { name: "Query", yasqe: { value: form.elements.query.value } });
    var tabByName = {};
    document.querySelectorAll("a.example").forEach(function (link) {
      var query = new URL(link.href, document.baseURI).searchParams.get("query");
      var name = link.getAttribute("data-name");  // short (the link's text is a sentence)
      var tab = yasgui.addTab(false, { id: "q-" + name, name: name, yasqe: { value: query } });
      tabByName[name] = tab;
      link.addEventListener("click", function (event) {  // opens its tab here rather than reloading the page
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) { return; }
        event.preventDefault();
        yasgui.selectTabId(tab.getId());
        tab.query().catch(function () {});
      });
    });
    yasgui.selectTabId(first.getId());

    var views = document.getElementById("views");
    function offerViews(tab) {
      var results = tab && tab.getYasr() && tab.getYasr().results;
      var bindings = results && results.getBindings ? results.getBindings() || [] : [];
      var dates = false, agents = false;
      bindings.forEach(function (row) {
        Object.keys(row).forEach(function (name) {
          var term = row[name];
          if (term.type !== "uri" && DATES.indexOf(term.datatype) >= 0) { dates = true; }
          var path = term.type === "uri" ? localPath(term.value) : null;
          if (path && /^\/id\/(organization|person)\//.test(path)) { agents = true; }
        });
      });
      document.getElementById("timeline-view").hidden = !dates;
      document.getElementById("network-view").hidden = !agents;
      views.hidden = !(dates || agents);
    }
    // The tab tells of its answer just before handing it to its result view: look once that is done.
    yasgui.on("queryResponse", function (instance, tab) {
      setTimeout(function () { if (tab === yasgui.getTab()) { offerViews(tab); } }, 0);
    });
    yasgui.on("tabSelect", function (instance, id) { setTimeout(function () { offerViews(yasgui.getTab(id)); }, 0); });

    if (new URLSearchParams(location.search).has("query")) { first.query().catch(function () {}); }
    window.queryEditor = { yasgui: yasgui, tabs: tabByName };  // for the browser tests and the console
  });
}());
