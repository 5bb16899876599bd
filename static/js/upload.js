// Show an upload's progress while the files are being sent (htmx reports it for multipart posts).
(function () {
  "use strict";
  document.addEventListener("htmx:xhr:progress", function (event) {
    var bar = document.getElementById("upload-progress");
    if (bar && event.detail.lengthComputable) {
      bar.hidden = false;
      bar.value = (event.detail.loaded / event.detail.total) * 100;
    }
  });
})();
