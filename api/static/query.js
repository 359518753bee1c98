// The query page: Ctrl+Enter (or Cmd+Enter) runs the query; the download buttons fetch the answer with the
// Accept header of their format and save it. Nothing else; the page works without this script too.
(function () {
  "use strict";
  var EXTENSIONS = {
    "application/sparql-results+json": "srj", "application/json": "json", "application/sparql-results+xml": "srx",
    "text/csv": "csv", "text/tab-separated-values": "tsv", "text/turtle": "ttl", "application/n-triples": "nt",
    "application/ld+json": "jsonld", "application/rdf+xml": "rdf"
  };
  document.addEventListener("DOMContentLoaded", function () {
    var editor = document.getElementById("query");
    if (editor) {
      editor.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          editor.form.requestSubmit ? editor.form.requestSubmit() : editor.form.submit();
        }
      });
    }
    var box = document.querySelector(".downloads");
    if (!box || !editor) { return; }
    box.addEventListener("click", function (event) {
      var button = event.target.closest("button.download");
      if (!button) { return; }
      var type = button.getAttribute("data-accept");
      var url = box.getAttribute("data-endpoint") + "?query=" + encodeURIComponent(editor.value);
      fetch(url, { headers: { "Accept": type } })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status + " " + response.statusText); }
          return response.blob();
        })
        .then(function (blob) {
          var link = document.createElement("a");
          link.href = URL.createObjectURL(blob);
          link.download = "results." + (EXTENSIONS[type] || "txt");
          document.body.appendChild(link);
          link.click();
          setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
        })
        .catch(function (error) { alert("Download failed: " + error.message); });
    });
  });
}());
