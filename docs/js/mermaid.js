// Draw the ```mermaid blocks of the docs as diagrams (the text stays readable where this cannot load).
document.addEventListener("DOMContentLoaded", async () => {
  const blocks = document.querySelectorAll("pre > code.language-mermaid");
  if (!blocks.length) return;
  try {
    const { default: mermaid } = await import("https://cdn.jsdelivr.net/npm/mermaid@11/dist/mermaid.esm.min.mjs");
    blocks.forEach((code) => {
      const div = document.createElement("div");
      div.className = "mermaid";
      div.textContent = code.textContent;
      code.parentElement.replaceWith(div);
    });
    mermaid.initialize({ startOnLoad: false });
    await mermaid.run();
  } catch (error) {
    console.warn("mermaid not loaded; the diagram stays as text", error);
  }
});
