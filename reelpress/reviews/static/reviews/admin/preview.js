// The review form's "Preview" button: posts the Markdown body to the staff-only preview view
// (CSRF token from the form) and shows the HTML it returns, already sanitised by the server.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  const panel = document.getElementById("reelpress-preview");
  const body = document.getElementById("id_body");
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (!panel || !body || !token) {
    return;
  }
  const out = panel.querySelector(".reelpress-preview-body");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button reelpress-preview-button";
  button.textContent = "Preview";
  body.insertAdjacentElement("afterend", button);
  button.addEventListener("click", async function () {
    button.disabled = true;
    try {
      const response = await fetch(panel.dataset.url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": token.value },
        body: new URLSearchParams({ body: body.value }),
      });
      if (response.ok) {
        out.innerHTML = (await response.json()).html;
      } else {
        out.textContent = "The preview could not be made (HTTP " + response.status + ").";
      }
    } catch (error) {
      out.textContent = "The preview could not be made: " + error;
    } finally {
      button.disabled = false;
      panel.hidden = false;
      panel.scrollIntoView({ behavior: "smooth", block: "start" });
    }
  });
});
