// Shows upload progress; without JavaScript the form still posts normally.
(function () {
  var form = document.getElementById("upload");
  if (!form || !window.XMLHttpRequest || !window.FormData) return;
  form.addEventListener("submit", function (ev) {
    if (ev.submitter && ev.submitter.name === "forget") return;  // a plain post, no upload
    ev.preventDefault();
    var bar = document.getElementById("upload-progress");
    var status = document.getElementById("upload-status");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    bar.hidden = false;
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) {
        bar.value = Math.round((e.loaded / e.total) * 100);
        status.textContent = "Đang tải lên: " + bar.value + "%";
      }
    };
    xhr.upload.onload = function () { status.textContent = "Đã tải lên, đang đọc và lập chỉ mục…"; };
    xhr.onload = function () {
      document.open();
      document.write(xhr.responseText);
      document.close();
    };
    xhr.onerror = function () { status.textContent = "Lỗi mạng khi tải lên."; };
    xhr.send(new FormData(form));
  });
})();
