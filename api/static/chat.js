// Web chat: sends the shopper's messages to POST /chat and renders text, buttons and product cards.
"use strict";

(function () {
  const list = document.getElementById("messages");
  const form = document.getElementById("composer");
  const input = document.getElementById("message");
  const sender = sessionId();

  function sessionId() {
    const key = "shop-assistant-session";
    let id = window.localStorage.getItem(key);
    if (!id) {
      id = (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2);
      window.localStorage.setItem(key, id);
    }
    return id;
  }

  function item(className) {
    const li = document.createElement("li");
    li.className = className;
    list.appendChild(li);
    return li;
  }

  // Keep the newest message in view, including cards filled in after their row was added.
  new MutationObserver(function () { list.scrollTop = list.scrollHeight; })
    .observe(list, { childList: true, subtree: true });

  function showText(text, who) {
    item("message " + who).textContent = text;
  }

  function showButtons(buttons) {
    const row = item("buttons");
    buttons.forEach(function (b) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = b.title || b.payload;
      button.addEventListener("click", function () { send(b.payload || b.title, b.title || b.payload); });
      row.appendChild(button);
    });
  }

  // The product photo, or a lettered placeholder when there is none or it cannot be loaded.
  function productImage(p) {
    const placeholder = document.createElement("div");
    placeholder.className = "image placeholder";
    placeholder.setAttribute("role", "img");
    placeholder.setAttribute("aria-label", p.title);
    placeholder.textContent = (p.title || "?").charAt(0).toUpperCase();
    if (!p.image_url) { return placeholder; }
    const img = document.createElement("img");
    img.className = "image";
    img.alt = p.title;
    img.loading = "lazy";
    img.addEventListener("error", function () { img.replaceWith(placeholder); }, { once: true });
    img.src = p.image_url;
    return img;
  }

  function showProducts(products) {
    const row = item("cards");
    products.forEach(function (p) {
      const card = document.createElement("article");
      card.className = "card";
      card.dataset.productId = p.id;
      card.appendChild(productImage(p));
      const body = document.createElement("div");
      body.className = "body";
      const title = document.createElement(p.product_url ? "a" : "span");
      title.className = "title";
      title.textContent = p.title;
      if (p.product_url) { title.href = p.product_url; title.target = "_blank"; title.rel = "noopener"; }
      const price = document.createElement("span");
      price.className = "price";
      price.textContent = p.price;
      const stock = document.createElement("span");
      stock.className = "stock" + (p.in_stock ? "" : " out");
      stock.textContent = p.in_stock ? "In stock" : "Out of stock";
      const ask = document.createElement("button");
      ask.type = "button";
      ask.textContent = "Ask about this";
      ask.addEventListener("click", function () { send(p.payload, "Tell me about " + p.title); });
      [title, price, stock, ask].forEach(function (el) { body.appendChild(el); });
      card.appendChild(body);
      row.appendChild(card);
    });
  }

  function render(reply) {
    const custom = reply.custom || {};
    if (reply.text) { showText(reply.text, "bot"); }
    if (custom.type === "product_carousel" && Array.isArray(custom.products)) { showProducts(custom.products); }
    if (Array.isArray(reply.buttons) && reply.buttons.length) { showButtons(reply.buttons); }
    if (reply.image) {
      const img = document.createElement("img");
      img.src = reply.image;
      img.alt = "";
      item("message bot").appendChild(img);
    }
  }

  // Messages go out one at a time, so replies always show in the order the shopper asked.
  let queue = Promise.resolve();

  function send(message, shown) {
    showText(shown || message, "user");
    queue = queue.then(function () { return exchange(message); });
  }

  async function exchange(message) {
    const typing = item("message bot typing");
    typing.textContent = "…";
    typing.setAttribute("aria-label", "The assistant is typing");
    try {
      const response = await fetch("/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender: sender, message: message }),
      });
      const body = await response.json().catch(function () { return {}; });
      if (!response.ok || !Array.isArray(body.replies)) { throw new Error(body.error || ("HTTP " + response.status)); }
      typing.remove();
      body.replies.forEach(render);
    } catch (error) {
      typing.remove();
      showText("Sorry, something went wrong: " + error.message, "error");
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    send(text);
  });
})();
