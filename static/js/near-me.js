/* « Près de chez moi », progressive enhancement of the offers form (works without it):
   - suggests communes of the region while the visitor types (fills the <datalist>);
   - adds a « Utiliser ma position » button that asks the browser for the location only when
     clicked, then sends a rounded position (about 1 km) with the form. Nothing is stored. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-near-me]");
  if (!form) return;
  var field = form.querySelector('input[name="commune"]');
  var list = document.getElementById("communes-suggestions");
  var url = form.getAttribute("data-suggestions-url");

  if (field && list && url && window.fetch) {
    var timer = null;
    var lastQuery = "";
    field.addEventListener("input", function () {
      var query = field.value.trim();
      if (query.length < 2 || query === lastQuery) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        lastQuery = query;
        fetch(url + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { communes: [] }; })
          .then(function (data) {
            list.textContent = "";
            data.communes.forEach(function (commune) {
              var option = document.createElement("option");
              option.value = commune.label;
              list.appendChild(option);
            });
          })
          .catch(function () { /* the field still works as plain text */ });
      }, 200);
    });
  }

  if (!field || !("geolocation" in navigator)) return;
  var fieldset = field.closest("fieldset");
  var wrapper = document.createElement("p");
  wrapper.className = "near-me-geo";
  var button = document.createElement("button");
  button.type = "button";
  button.className = "button button-secondary";
  button.textContent = "Utiliser ma position";
  var status = document.createElement("span");
  status.className = "near-me-status";
  status.setAttribute("role", "status");
  wrapper.appendChild(button);
  wrapper.appendChild(status);
  fieldset.appendChild(wrapper);

  function hidden(name, value) {
    var input = form.querySelector('input[type="hidden"][name="' + name + '"]');
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      form.appendChild(input);
    }
    input.value = value;
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    status.textContent = "Recherche de votre position…";
    navigator.geolocation.getCurrentPosition(
      function (position) {
        hidden("lat", position.coords.latitude.toFixed(2));
        hidden("lon", position.coords.longitude.toFixed(2));
        field.value = "";
        field.disabled = true; /* the position replaces the commune */
        form.submit();
      },
      function () {
        button.disabled = false;
        status.textContent = "Position indisponible : tapez plutôt votre commune.";
      },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 }
    );
  });
})();
