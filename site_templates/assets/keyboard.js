/* Keyboard use of the theme on a small screen: the navigation drawer opens when the
   Tab key reaches a link in it, and closes when focus leaves it. The theme keeps the
   closed drawer off-screen but its links in the tab order, so a keyboard reader was
   tabbing through links they could not see. (The hidden search results are taken out
   of the tab order by schoolnet.css.) */
(function () {
  "use strict";
  const drawer = document.getElementById("__drawer");
  const sidebar = document.querySelector(".md-sidebar--primary");
  if (!drawer || !sidebar) return;

  function offScreen() {
    return sidebar.getBoundingClientRect().right <= 0;
  }

  function setDrawer(open) {
    if (drawer.checked === open) return;
    drawer.checked = open;
    drawer.dispatchEvent(new Event("change")); // The theme follows the toggle's changes.
  }

  sidebar.addEventListener("focusin", function () {
    if (!drawer.checked && offScreen()) setDrawer(true);
  });
  sidebar.addEventListener("focusout", function (event) {
    if (drawer.checked && !sidebar.contains(event.relatedTarget)) setDrawer(false);
  });
})();
