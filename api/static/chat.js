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
    list.scrollTop = list.scrollHeight;
    return li;
  }

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

  function showProducts(products) {
    const row = item("cards");
    products.forEach(function (p) {
      const card = document.createElement("article");
      card.className = "card";
      card.dataset.productId = p.id;
      if (p.image_url) {
        const img = document.createElement("img");
        img.src = p.image_url;
        img.alt = p.title;
        img.loading = "lazy";
        card.appendChild(img);
      }
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

  async function send(message, shown) {
    showText(shown || message, "user");
    try {
      const response = await fetch("/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender: sender, message: message }),
      });
      const body = await response.json();
      if (!response.ok) { throw new Error(body.error || ("HTTP " + response.status)); }
      body.replies.forEach(render);
    } catch (error) {
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
