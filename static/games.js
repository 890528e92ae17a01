/* games.js: the games page's one bit of script: courts near the browser's position.
 * The position goes to our server (which asks ShotTracker); the answer replaces the list of
 * courts, whose radio buttons filter "Live now" as before.
 */
(function () {
  "use strict";

  const button = document.getElementById("near-me");
  const radius = document.getElementById("near-radius");
  const target = document.getElementById("facilities");

  function say(text) {
    const p = document.createElement("p");
    p.className = "notice error";
    p.textContent = text;
    target.replaceChildren(p);
  }

  button.addEventListener("click", () => {
    if (!("geolocation" in navigator)) {
      say("This browser cannot tell its position.");
      return;
    }
    button.disabled = true;
    button.textContent = "Locating…";
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const params = new URLSearchParams({
          lat: position.coords.latitude.toFixed(5),
          lon: position.coords.longitude.toFixed(5),
          radius: radius.value,
          unit: "KILOMETERS",
        });
        window.htmx
          .ajax("GET", `${button.dataset.url}?${params}`, { target: "#facilities", swap: "innerHTML" })
          .finally(() => {
            button.disabled = false;
            button.textContent = "Near me";
          });
      },
      (error) => {
        button.disabled = false;
        button.textContent = "Near me";
        say(error.code === error.PERMISSION_DENIED
          ? "The browser was not allowed to share its position."
          : "The browser could not find its position.");
      },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 }
    );
  });
})();
