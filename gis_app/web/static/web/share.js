/* The share button of product, site and tour pages (web/_share.html): the system's share sheet (Web Share API)
   when the browser has one, else the page's link copied to the clipboard; either way a confirmation, in the
   page's language, in the status line beside the button. */
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {  // plain http: the older copy command
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      try {
        if (document.execCommand("copy")) resolve(); else reject(new Error("copy refused"));
      } catch (error) {
        reject(error);
      } finally {
        area.remove();
      }
    });
  }

  function say(button, text) {
    var status = document.getElementById(button.getAttribute("aria-describedby"));
    if (status) { status.textContent = text; status.hidden = false; }
  }

  function copyLink(button) {
    copyText(button.dataset.shareUrl).then(function () { say(button, button.dataset.copied); }, function () {
      say(button, button.dataset.copyFailed + " " + button.dataset.shareUrl);
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".share-button");
    if (!button) return;
    var data = {title: button.dataset.shareTitle, url: button.dataset.shareUrl};
    if (navigator.share && (!navigator.canShare || navigator.canShare(data))) {
      navigator.share(data).then(function () { say(button, button.dataset.shared); }, function (error) {
        if (!error || error.name !== "AbortError") copyLink(button);  // closing the sheet is not a failure
      });
    } else {
      copyLink(button);
    }
  });
})();
