/* « Partager » and « Imprimer », progressive enhancement (the address stays visible and
   copyable without JavaScript; the browser's own Print menu always works):
   - [data-share]: the Web Share API where the browser has it (phones), else copies the
     address to the clipboard and says so; no third-party widget, nothing sent anywhere;
   - [data-print]: opens the print dialog. */
(function () {
  "use strict";

  function say(button, message) {
    var status = button.parentNode.querySelector(".share-status");
    if (status) status.textContent = message;
  }

  function copy(button, url) {
    var field = document.getElementById(button.getAttribute("data-share-target"));
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(
        function () { say(button, "Lien copié : vous pouvez le coller dans un message."); },
        function () { select(button, field); }
      );
    } else {
      select(button, field);
    }
  }

  function select(button, field) {
    if (!field) return;
    field.focus();
    field.select();
    say(button, "L'adresse est sélectionnée : copiez-la (Ctrl+C ou appui long).");
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-share]"), function (button) {
    var url = button.getAttribute("data-share-url");
    var title = button.getAttribute("data-share-title") || document.title;
    if (!navigator.share) button.textContent = "Copier le lien";
    button.hidden = false;
    button.addEventListener("click", function () {
      if (navigator.share) {
        navigator.share({ title: title, url: url }).catch(function (error) {
          if (error && error.name !== "AbortError") copy(button, url);
        });
      } else {
        copy(button, url);
      }
    });
  });

  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
