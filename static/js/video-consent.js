/* Click-to-load players for videos hosted on a platform (YouTube, Vimeo, Dailymotion,
   TikTok, Instagram). Nothing comes from the platform until the visitor clicks the button:
   the page carries the player's address in data-embed-url, and the frame is built here.
   Without JavaScript the button stays hidden and the plain link to the platform remains. */
(function () {
  "use strict";

  function load(container, button) {
    var frame = document.createElement("iframe");
    frame.src = container.getAttribute("data-embed-url");
    frame.title = container.getAttribute("data-embed-title") || "Vidéo";
    // YouTube refuses to play without a referrer (error 153): send the origin only.
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    frame.setAttribute("allow", "autoplay; encrypted-media; fullscreen; picture-in-picture");
    frame.setAttribute("allowfullscreen", "");
    frame.className = "video-embed";

    var wrapper = document.createElement("div");
    wrapper.className = "video-embed-frame";
    wrapper.appendChild(frame);

    // The poster and the button give way to the player; the text and the link stay.
    var poster = container.querySelector("img");
    if (poster) {
      poster.replaceWith(wrapper);
    } else {
      container.insertBefore(wrapper, container.firstChild);
    }
    button.remove();
    var notice = container.querySelector(".video-consent-notice");
    if (notice) {
      notice.remove();
    }
    container.classList.add("is-loaded");
    frame.focus();
  }

  var containers = document.querySelectorAll("[data-video-consent]");
  Array.prototype.forEach.call(containers, function (container) {
    var button = container.querySelector("[data-video-consent-load]");
    if (!button || !container.getAttribute("data-embed-url")) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      load(container, button);
    });
  });
})();
