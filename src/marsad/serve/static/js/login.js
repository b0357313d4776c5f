// The login page: POST /api/v1/login (JSON), then back to where the user was going.
"use strict";

(() => {
  const M = window.marsad;

  function nextPage() {
    const next = new URLSearchParams(location.search).get("next") || "/";
    // only a path of this site: never another origin ("//host", "https://...")
    return next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
  }

  async function main() {
    await M.loadSession();
    M.header();
    document.getElementById("login").addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const name = document.getElementById("name");
      const password = document.getElementById("password");
      try {
        await M.api("/api/v1/login", { method: "POST", noRedirect: true,
          json: { name: name.value, password: password.value } });
        location.assign(nextPage());
      } catch (err) {
        M.status(err.message, "error");
        password.value = "";
      }
    });
  }

  document.addEventListener("DOMContentLoaded", main);
})();
